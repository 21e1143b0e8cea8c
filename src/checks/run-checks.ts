import { asVerifyError, VerifyError, type ErrorCode } from '../errors/index.js';
import { DEFAULT_ARTIFACT_TRUSTED_WORKFLOWS, DEFAULT_BYOB_WORKFLOWS } from '../provenance/builders.js';
import { readProvenance, type ProvenanceClaims } from '../provenance/provenance.js';
import { parseStatement, type Statement } from '../provenance/statement.js';
import type { CertificateClaims } from '../sigstore/certificate-claims.js';
import { verifyBranch } from './branch.js';
import { verifyCertificateSourceRepository } from './certificate-source.js';
import { verifyProvenanceBuilderId } from './provenance-builder.js';
import { verifySourceUri } from './source.js';
import { verifySubjectDigest } from './subject-digest.js';
import { verifyTag } from './tag.js';
import { verifyOidcIssuer, verifyTrustedBuilder, verifyTrustedBuilderRef, type BuilderIdentity } from './trusted-builder.js';
import { verifyVersionedTag } from './versioned-tag.js';
import { workflowIdentityFromCertificate, subjectWorkflowRef, type WorkflowIdentity } from './workflow-identity.js';
import { verifyWorkflowInputs } from './workflow-inputs.js';

export interface SlsaPolicy {
  sourceUri: string;
  sourceBranch?: string;
  sourceTag?: string;
  sourceVersionedTag?: string;
  /** undefined: flag absent. "" is "given but empty": like absent for the certificate, but it matches no BYOB builder. */
  builderId?: string;
  workflowInputs?: Record<string, string>;
}

export type CommandKind = 'verify-artifact' | 'verify-github-attestation';

export interface CheckResult {
  id: CheckId;
  status: 'pass' | 'fail' | 'skipped';
  expected?: string;
  actual?: string;
  code?: ErrorCode;
  message?: string;
}

export interface ChecksOutcome {
  ok: boolean;
  error?: VerifyError;
  /** Full builder ID with @ref, as slsa-verifier prints in `Verified build using builder "<id>" at commit <sha>`. */
  builderId?: string;
  /** The commit the certificate says the run was triggered at. */
  commit?: string;
  /** The provenance's source URI (with "@ref" when it has one). */
  sourceUri?: string;
  checks: CheckResult[];
}

/** A DSSE payload not yet parsed: parsing then happens where slsa-verifier does it, after the builder is trusted. */
export interface UnparsedStatement {
  payloadType: string;
  payload: Uint8Array;
}

export interface SlsaChecksInput {
  command: CommandKind;
  certificate: CertificateClaims;
  statement: Statement | UnparsedStatement;
  /** Algorithm -> lowercase hex, e.g. {sha256: '...'}. slsa-verifier checks sha256. */
  artifactDigests: Record<string, string>;
  policy: SlsaPolicy;
  /** SLSA_VERIFIER_TESTING is set (see env.ts). */
  testing: boolean;
}

/** The checks, in the order slsa-verifier runs them (verifyEnvAndCert, then VerifyProvenance). */
export const CHECK_IDS = [
  'certificate-identity',
  'oidc-issuer',
  'trusted-builder',
  'builder-ref',
  'certificate-source',
  'provenance-format',
  'builder-id',
  'source',
  'subject-digest',
  'branch',
  'tag',
  'versioned-tag',
  'workflow-inputs',
] as const;
export type CheckId = (typeof CHECK_IDS)[number];

/** Detail a passing step reports; undefined means "not requested" (skipped). */
type StepResult = { expected?: string; actual?: string } | undefined;

function isUnparsed(s: Statement | UnparsedStatement): s is UnparsedStatement {
  return 'payloadType' in s && 'payload' in s;
}

/**
 * Runs slsa-verifier's SLSA checks for verify-artifact or
 * verify-github-attestation on one signature-verified statement. Stops at the
 * first failure, as slsa-verifier does, with the sentinel it would return;
 * every check is still listed (later ones skipped).
 */
export function runSlsaChecks(input: SlsaChecksInput): ChecksOutcome {
  const { policy, testing } = input;
  const outcome: ChecksOutcome = { ok: false, checks: [] };
  const defaultBuilders: ReadonlySet<string> =
    input.command === 'verify-artifact'
      ? new Set([...DEFAULT_ARTIFACT_TRUSTED_WORKFLOWS, ...DEFAULT_BYOB_WORKFLOWS])
      : new Set<string>(); // GitHub attestations have no default trusted builders.

  let identity!: WorkflowIdentity;
  let builder!: BuilderIdentity;
  let prov!: ProvenanceClaims;

  const steps: Record<CheckId, () => StepResult> = {
    'certificate-identity': () => {
      identity = workflowIdentityFromCertificate(input.certificate);
      outcome.commit = identity.sourceSha1;
      return { actual: `${identity.sourceRepository}@${identity.sourceSha1}` };
    },
    'oidc-issuer': () => {
      verifyOidcIssuer(identity);
      return { actual: identity.issuer };
    },
    'trusted-builder': () => {
      builder = verifyTrustedBuilder(identity, policy.builderId, defaultBuilders);
      return { expected: policy.builderId || undefined, actual: builder.builder.toString() };
    },
    'builder-ref': () => {
      const ref = subjectWorkflowRef(identity.subjectWorkflow);
      verifyTrustedBuilderRef(identity, ref, testing);
      return { actual: ref };
    },
    'certificate-source': () => {
      verifyCertificateSourceRepository(identity, policy.sourceUri);
      return { expected: policy.sourceUri, actual: identity.sourceRepository };
    },
    'provenance-format': () => {
      const statement = isUnparsed(input.statement)
        ? parseStatement(input.statement.payloadType, input.statement.payload)
        : input.statement;
      prov = readProvenance(builder.builder.name, statement);
      return { actual: `${prov.predicateType} ${prov.buildType}` };
    },
    'builder-id': () => {
      outcome.builderId = verifyProvenanceBuilderId(prov, builder, policy.builderId, testing);
      return { expected: builder.byob ? policy.builderId : builder.builder.toString(), actual: prov.builderId };
    },
    source: () => {
      outcome.sourceUri = verifySourceUri(prov, policy.sourceUri);
      return { expected: policy.sourceUri, actual: outcome.sourceUri };
    },
    'subject-digest': () => {
      const sha256 = input.artifactDigests['sha256'];
      if (sha256 === undefined) throw new VerifyError('ErrorInvalidHash', 'no sha256 digest of the artifact');
      verifySubjectDigest(prov, sha256);
      return { expected: `sha256:${sha256}` };
    },
    branch: () => {
      if (policy.sourceBranch === undefined) return undefined;
      verifyBranch(prov, policy.sourceBranch);
      return { expected: policy.sourceBranch };
    },
    tag: () => {
      if (policy.sourceTag === undefined) return undefined;
      verifyTag(prov, policy.sourceTag);
      return { expected: policy.sourceTag };
    },
    'versioned-tag': () => {
      if (policy.sourceVersionedTag === undefined) return undefined;
      verifyVersionedTag(prov, policy.sourceVersionedTag);
      return { expected: policy.sourceVersionedTag, actual: prov.tagRef.ok ? prov.tagRef.value : undefined };
    },
    'workflow-inputs': () => {
      const expected = policy.workflowInputs ?? {};
      if (Object.keys(expected).length === 0) return undefined;
      verifyWorkflowInputs(prov, expected);
      return { expected: Object.entries(expected).map(([k, v]) => `${k}=${v}`).join(',') };
    },
  };

  for (const id of CHECK_IDS) {
    if (outcome.error) {
      outcome.checks.push({ id, status: 'skipped', message: 'not run: an earlier check failed' });
      continue;
    }
    try {
      const result = steps[id]();
      outcome.checks.push(result === undefined ? { id, status: 'skipped', message: 'not requested' } : { id, status: 'pass', ...defined(result) });
    } catch (err) {
      const error = asVerifyError(err);
      outcome.error = error;
      outcome.checks.push({ id, status: 'fail', code: error.code, message: error.message, ...defined({ expected: error.expected, actual: error.actual }) });
    }
  }

  outcome.ok = outcome.error === undefined;
  if (!outcome.ok) delete outcome.builderId;
  return outcome;
}

function defined(detail: { expected?: string | undefined; actual?: string | undefined }): { expected?: string; actual?: string } {
  const out: { expected?: string; actual?: string } = {};
  if (detail.expected !== undefined) out.expected = detail.expected;
  if (detail.actual !== undefined) out.actual = detail.actual;
  return out;
}
