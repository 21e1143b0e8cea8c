import * as z from 'zod';
import type { ArtifactInput } from '../bundle-verify/artifact-input.js';
import { checkStatementSubject } from '../bundle-verify/statement-subject.js';
import { verifyWorkflowProvenanceMatchesCertificate } from '../checks/provenance-certificate.js';
import { workflowIdentityFromCertificate } from '../checks/workflow-identity.js';
import { VerifyError } from '../errors/index.js';
import { parseUntrustedJson } from '../files/untrusted-json.js';
import { IN_TOTO_PAYLOAD_TYPE, IN_TOTO_STATEMENT_TYPES, parseStatement, PREDICATE_SLSA_V1, type StatementV1 } from '../provenance/statement.js';
import type { CertificateClaims } from '../sigstore/certificate-claims.js';
import type { TrustRoot } from '../sigstore/trusted-root.js';
import { verifyProvenanceBundle, type VerifiedEnvelope } from '../sigstore/verify-bundle.js';
import type { AttestationEntry } from './attestation-file.js';
import { checkAttestationPolicy, type AttestationPolicy } from './policy.js';

/** The workflow build types whose predicate is checked claim by claim (the second is its first spelling). */
export const WORKFLOW_BUILD_TYPES: ReadonlySet<string> = new Set([
  'https://actions.github.io/buildtypes/workflow/v1',
  'https://slsa-framework.github.io/github-actions-buildtypes/workflow/v1',
]);

export interface AttestationResult {
  line: number;
  /** skipped: another predicate type (or not an in-toto attestation), as gh filters; unmatched: verified, signed by another identity. */
  status: 'matched' | 'unmatched' | 'skipped';
  predicateType: string | undefined;
  /** Set once the signature verified. */
  certificate: CertificateClaims | undefined;
  logIndex: string | undefined;
  /** Why an unmatched attestation did not match, or why one was skipped. */
  reason: VerifyError | undefined;
}

export interface AttestationsOutcome {
  results: AttestationResult[];
  /** undefined: at least one attestation verified and matched the policy, and nothing failed. */
  error: VerifyError | undefined;
}

/** Only the selector is read before verification: the predicate type of an in-toto statement. */
const statementHeader = z.looseObject({ _type: z.string(), predicateType: z.string() });

function unverifiedPredicateType(entry: AttestationEntry): { predicateType: string } | { skip: string } {
  const content = entry.bundle.content;
  if (content.$case !== 'dsseEnvelope') return { skip: 'a message signature, not an attestation' };
  if (content.dsseEnvelope.payloadType !== IN_TOTO_PAYLOAD_TYPE) return { skip: `payload type "${content.dsseEnvelope.payloadType}", not an in-toto statement` };
  let json: unknown;
  try {
    json = parseUntrustedJson(new TextDecoder('utf-8', { fatal: true }).decode(content.dsseEnvelope.payload));
  } catch {
    throw new VerifyError('ErrorInvalidDssePayload', `line ${entry.line}: the DSSE payload is not JSON`);
  }
  const header = statementHeader.safeParse(json);
  if (!header.success || !IN_TOTO_STATEMENT_TYPES.has(header.data._type)) {
    throw new VerifyError('ErrorInvalidDssePayload', `line ${entry.line}: the DSSE payload is not an in-toto statement`);
  }
  return { predicateType: header.data.predicateType };
}

/**
 * `gh attestation verify` over the attestations of one file, offline.
 * As gh: attestations of another predicate type are left out, and the
 * policy selects among the verified ones (at least one must match). Fail
 * closed where gh skips: every attestation of the predicate type must verify
 * (signature, chain, log or timestamp) and name the artifact, or the run
 * fails; and beyond gh, a matching SLSA v1 predicate must agree with its
 * certificate claim by claim. Never throws for evidence; a usage error is thrown.
 */
export function verifyAttestations(entries: readonly AttestationEntry[], artifact: ArtifactInput, policy: AttestationPolicy, roots: readonly TrustRoot[]): AttestationsOutcome {
  const results: AttestationResult[] = [];
  try {
    for (const entry of entries) {
      const selector = unverifiedPredicateType(entry);
      if ('skip' in selector || selector.predicateType !== policy.predicateType) {
        const reason = 'skip' in selector ? selector.skip : `predicate type "${selector.predicateType}"`;
        results.push({
          line: entry.line, status: 'skipped', predicateType: 'skip' in selector ? undefined : selector.predicateType,
          certificate: undefined, logIndex: undefined, reason: new VerifyError('ErrorNotPresent', reason),
        });
        continue;
      }
      const verified = withLine(entry.line, () => verifyWithRoots(entry, roots));
      withLine(entry.line, () => checkStatementSubject(verified.payloadType, verified.payload, artifact));
      let reason: VerifyError | undefined;
      try {
        checkAttestationPolicy(verified.certificate, policy);
      } catch (err) {
        if (!(err instanceof VerifyError)) throw err;
        reason = err.withContext(`line ${entry.line}`);
      }
      if (reason === undefined && policy.predicateType === PREDICATE_SLSA_V1) {
        withLine(entry.line, () => checkPredicate(verified));
      }
      results.push({
        line: entry.line, status: reason ? 'unmatched' : 'matched', predicateType: selector.predicateType,
        certificate: verified.certificate, logIndex: verified.logIndex, reason,
      });
    }
  } catch (err) {
    if (!(err instanceof VerifyError)) throw err;
    return { results, error: err };
  }
  if (results.some((r) => r.status === 'matched')) return { results, error: undefined };
  const firstUnmatched = results.find((r) => r.status === 'unmatched');
  if (firstUnmatched?.reason) return { results, error: firstUnmatched.reason };
  return { results, error: new VerifyError('ErrorNotPresent', `no attestation has predicate type ${policy.predicateType}`, { expected: policy.predicateType }) };
}

function withLine<T>(line: number, run: () => T): T {
  try {
    return run();
  } catch (err) {
    throw err instanceof VerifyError ? err.withContext(`line ${line}`) : err;
  }
}

/**
 * Each root is a whole: the bundle verifies against one of them with that
 * root's own requirements (a root with a log needs its log entry, a root
 * with only a timestamp authority needs a timestamp). Roots are never merged.
 */
function verifyWithRoots(entry: AttestationEntry, roots: readonly TrustRoot[]): VerifiedEnvelope {
  const errors: VerifyError[] = [];
  for (const root of roots) {
    try {
      return verifyProvenanceBundle(entry.json, root);
    } catch (err) {
      if (!(err instanceof VerifyError)) throw err;
      errors.push(err);
    }
  }
  // The most telling failure: one past the certificate chain, from the root that issued the certificate.
  throw errors.find((e) => e.code !== 'ErrorInvalidCertificate') ?? errors[0] ?? new VerifyError('ErrorInvalidTrustedRoot', 'no trusted root');
}

/** The predicate is the user's workflow's word: each claim must be one the certificate vouches for. */
function checkPredicate(verified: VerifiedEnvelope): void {
  const statement = parseStatement(verified.payloadType, verified.payload) as StatementV1;
  const buildType = statement.predicate.buildDefinition.buildType;
  if (!WORKFLOW_BUILD_TYPES.has(buildType)) {
    throw new VerifyError('ErrorInvalidBuildType', `build type "${buildType}": only the GitHub Actions workflow build type can be checked against the certificate`, {
      expected: [...WORKFLOW_BUILD_TYPES].join(', '),
      actual: buildType,
    });
  }
  const id = workflowIdentityFromCertificate(verified.certificate);
  verifyWorkflowProvenanceMatchesCertificate(statement, id, verified.certificate.buildConfigUri);
}
