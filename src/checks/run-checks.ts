import { asVerifyError, VerifyError, type ErrorCode } from '../errors/index.js';
import { DEFAULT_ARTIFACT_TRUSTED_WORKFLOWS, DEFAULT_BYOB_WORKFLOWS, DEFAULT_CONTAINER_TRUSTED_WORKFLOWS } from '../provenance/builders.js';
import { readProvenance, type ProvenanceClaims } from '../provenance/provenance.js';
import { parseStatement, type Statement } from '../provenance/statement.js';
import type { CertificateClaims } from '../sigstore/certificate-claims.js';
import { verifyBranch } from './branch.js';
import { verifyCertificateSourceRepository } from './certificate-source.js';
import { verifyNpmBuilder, verifyNpmProvenanceBuilderId, type NpmBuilder } from './npm-builder.js';
import { verifyProvenanceMatchesCertificate } from './provenance-certificate.js';
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

export type CommandKind = 'verify-artifact' | 'verify-github-attestation' | 'verify-npm-package' | 'verify-image';

/** Checks that commands run after runSlsaChecks (verify-npm-package's package identity). */
export type CheckResultId = CheckId | 'package-name' | 'package-version' | `policy-${string}`;

export interface CheckResult {
  id: CheckResultId;
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
  /** Algorithm -> lowercase hex, e.g. {sha256: '...'}. slsa-verifier checks sha256 (sha512 for npm tarballs). */
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
/** npm CLI provenance is written by the user's workflow: its claims must match the certificate. */
export const NPM_CHECK_IDS = [...CHECK_IDS, 'certificate-match'] as const;
export type CheckId = (typeof NPM_CHECK_IDS)[number];

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
      : input.command === 'verify-image'
        ? DEFAULT_CONTAINER_TRUSTED_WORKFLOWS // as slsa-verifier: the container generator only, no BYOB
        : new Set<string>(); // GitHub attestations have no default trusted builders.

  const npm = input.command === 'verify-npm-package';
  let identity!: WorkflowIdentity;
  let builder!: BuilderIdentity;
  let npmBuilder: NpmBuilder | undefined;
  let statement!: Statement;
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
      if (npm) {
        builder = npmBuilder = verifyNpmBuilder(identity, policy.builderId);
        return { expected: policy.builderId, actual: builder.byob ? builder.builder.toString() : identity.subjectWorkflow.uri };
      }
      builder = verifyTrustedBuilder(identity, policy.builderId, defaultBuilders);
      return { expected: policy.builderId || undefined, actual: builder.builder.toString() };
    },
    'builder-ref': () => {
      if (npmBuilder && !npmBuilder.byob) return undefined; // the npm CLI runs in the user's workflow, at any ref
      const ref = subjectWorkflowRef(identity.subjectWorkflow);
      verifyTrustedBuilderRef(identity, ref, testing);
      return { actual: ref };
    },
    'certificate-source': () => {
      verifyCertificateSourceRepository(identity, policy.sourceUri);
      return { expected: policy.sourceUri, actual: identity.sourceRepository };
    },
    'provenance-format': () => {
      statement = isUnparsed(input.statement)
        ? parseStatement(input.statement.payloadType, input.statement.payload)
        : input.statement;
      prov = readProvenance(builder.builder.name, statement);
      return { actual: `${prov.predicateType} ${prov.buildType}` };
    },
    'builder-id': () => {
      if (npmBuilder) {
        // A delegated builder is held to verify-artifact's rule (a vX.Y.Z release tag, then --builder-id).
        if (npmBuilder.byob) verifyProvenanceBuilderId(prov, npmBuilder, policy.builderId, testing);
        else verifyNpmProvenanceBuilderId(prov, npmBuilder.expected);
        // slsa-verifier reports the certificate's identity for npm (the delegator for BYOB).
        outcome.builderId = npmBuilder.builder.toString();
        return { expected: npmBuilder.expected, actual: prov.builderId };
      }
      outcome.builderId = verifyProvenanceBuilderId(prov, builder, policy.builderId, testing);
      return { expected: builder.byob ? policy.builderId : builder.builder.toString(), actual: prov.builderId };
    },
    ...statementSteps(() => prov, input.artifactDigests, policy, npm ? 'sha512' : 'sha256', outcome),
    'certificate-match': () => {
      if (!npmBuilder || npmBuilder.byob) return undefined; // a trusted builder's provenance is not forgeable
      verifyProvenanceMatchesCertificate(statement, identity);
      return { actual: identity.subjectWorkflow.uri };
    },
  };

  runSteps(npm ? NPM_CHECK_IDS : CHECK_IDS, steps, outcome);

  outcome.ok = outcome.error === undefined;
  if (!outcome.ok) delete outcome.builderId;
  return outcome;
}

/** The checks that read the statement alone, shared by runSlsaChecks and runStatementChecks. */
type StatementCheckId = 'source' | 'subject-digest' | 'branch' | 'tag' | 'versioned-tag' | 'workflow-inputs';

function statementSteps(
  provOf: () => ProvenanceClaims,
  digests: Record<string, string>,
  policy: SlsaPolicy,
  // npm records sha512 of the tarball (its "integrity").
  algorithm: 'sha256' | 'sha512',
  outcome: ChecksOutcome,
): Record<StatementCheckId, () => StepResult> {
  return {
    source: () => {
      outcome.sourceUri = verifySourceUri(provOf(), policy.sourceUri);
      return { expected: policy.sourceUri, actual: outcome.sourceUri };
    },
    'subject-digest': () => {
      // The command's own algorithm first; an artifact given only as a digest
      // (`sha512:<hex>`) is compared in the algorithm it was given in.
      const hex = digests[algorithm] ?? digests[algorithm === 'sha256' ? 'sha512' : 'sha256'];
      if (hex === undefined) throw new VerifyError('ErrorInvalidHash', `no ${algorithm} digest of the artifact`);
      verifySubjectDigest(provOf(), hex);
      return { expected: `${algorithm}:${hex}` };
    },
    branch: () => {
      if (policy.sourceBranch === undefined) return undefined;
      verifyBranch(provOf(), policy.sourceBranch);
      return { expected: policy.sourceBranch };
    },
    tag: () => {
      if (policy.sourceTag === undefined) return undefined;
      verifyTag(provOf(), policy.sourceTag);
      return { expected: policy.sourceTag };
    },
    'versioned-tag': () => {
      if (policy.sourceVersionedTag === undefined) return undefined;
      const prov = provOf();
      verifyVersionedTag(prov, policy.sourceVersionedTag);
      return { expected: policy.sourceVersionedTag, actual: prov.tagRef.ok ? prov.tagRef.value : undefined };
    },
    'workflow-inputs': () => {
      const expected = policy.workflowInputs ?? {};
      if (Object.keys(expected).length === 0) return undefined;
      verifyWorkflowInputs(provOf(), expected);
      return { expected: Object.entries(expected).map(([k, v]) => `${k}=${v}`).join(',') };
    },
  };
}

/** Runs the steps in order; after the first failure the rest are listed as skipped. */
function runSteps<Id extends CheckId>(ids: readonly Id[], steps: Record<Id, () => StepResult>, outcome: ChecksOutcome): void {
  for (const id of ids) {
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
}

/** The checks of key-signed provenance (no certificate): the statement's own claims. */
export const STATEMENT_CHECK_IDS = ['provenance-format', 'builder-id', 'source', 'subject-digest', 'branch', 'tag', 'versioned-tag', 'workflow-inputs'] as const;

export interface StatementChecksInput {
  statement: Statement;
  /** Picks the provenance reader; with no certificate there is no builder workflow to key it on. */
  read: (statement: Statement) => ProvenanceClaims;
  artifactDigests: Record<string, string>;
  /** builderId is required: a key proves who signed, not which builder ran. */
  policy: SlsaPolicy & { builderId: string };
}

/**
 * SLSA checks for provenance signed with a plain key: the signer is trusted
 * by key, so the builder is whatever --builder-id names, matched exactly
 * against the statement's builder.id; source, digest, ref and inputs checks
 * are runSlsaChecks' own. outcome.commit is the statement's source commit.
 */
export function runStatementChecks(input: StatementChecksInput): ChecksOutcome {
  const { policy } = input;
  const outcome: ChecksOutcome = { ok: false, checks: [] };
  let prov!: ProvenanceClaims;
  const steps: Record<(typeof STATEMENT_CHECK_IDS)[number], () => StepResult> = {
    'provenance-format': () => {
      prov = input.read(input.statement);
      outcome.commit = prov.commit;
      return { actual: `${prov.predicateType} ${prov.buildType}` };
    },
    'builder-id': () => {
      if (prov.builderId !== policy.builderId) {
        throw new VerifyError('ErrorMismatchBuilderID', `expected builder "${policy.builderId}", provenance names "${prov.builderId}"`, {
          expected: policy.builderId,
          actual: prov.builderId,
        });
      }
      outcome.builderId = prov.builderId;
      return { expected: policy.builderId, actual: prov.builderId };
    },
    ...statementSteps(() => prov, input.artifactDigests, policy, 'sha256', outcome),
  };
  runSteps(STATEMENT_CHECK_IDS, steps, outcome);
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
