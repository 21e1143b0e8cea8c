import { existsSync } from 'node:fs';
import { parseDigestArgument } from '../artifacts/digest-argument.js';
import { hashFile } from '../artifacts/hash-file.js';
import type { ArtifactInput } from '../bundle-verify/artifact-input.js';
import { asVerifyError, VerifyError } from '../errors/index.js';
import { readAttestationFile } from '../gh/attestation-file.js';
import { attestationPolicy, describePolicy, type AttestationPolicy } from '../gh/policy.js';
import { verifyAttestations, type AttestationResult } from '../gh/verify-attestations.js';
import { errorJson, verdictOf } from '../report/json.js';
import type { AttestationVerifyReport } from '../report/schema.js';
import { loadTrustRoots, type TrustRoot } from '../sigstore/trusted-root.js';
import type { AttestationVerifyRequest } from './requests.js';
import { resolveTrustRoot } from './trust.js';

export interface AttestationVerifyOutcome {
  policy: AttestationPolicy;
  artifact: { path: string; digest: Record<string, string> } | undefined;
  /** How many attestations the file holds, once it was read. */
  attestationCount: number | undefined;
  results: AttestationResult[];
  error: VerifyError | undefined;
}

/** The policy from the request's flags alone; throws a usage VerifyError (exit 2) before anything is read. */
export function prepareAttestationVerify(request: AttestationVerifyRequest): AttestationPolicy {
  if (request.bundlePath === '') throw new VerifyError('ErrorUsage', '--bundle is required: attestation verify runs offline');
  return attestationPolicy(request);
}

/** The artifact by its sha256 (gh's default digest), streamed; or the digest the user gave. */
async function artifactInput(value: string): Promise<{ input: ArtifactInput; digest: Record<string, string> }> {
  const digest = parseDigestArgument(value);
  if (digest) {
    if (existsSync(value)) throw new VerifyError('ErrorUsage', `${value} is both a digest and an existing file; write ./${value} for the file`);
    return { input: { kind: 'digest', algorithm: digest.algorithm, digest: Buffer.from(digest.hex, 'hex') }, digest: { [digest.algorithm]: digest.hex } };
  }
  const { sha256 } = await hashFile(value, ['sha256']);
  return { input: { kind: 'digest', algorithm: 'sha256', digest: Buffer.from(sha256!, 'hex') }, digest: { sha256: sha256! } };
}

function trustRoots(input: AttestationVerifyRequest['customTrustedRoot']): TrustRoot[] {
  return typeof input === 'string' ? loadTrustRoots(input) : [resolveTrustRoot(input)];
}

/** Never throws: a request that cannot run ends with a usage-coded error. */
export async function runAttestationVerify(request: AttestationVerifyRequest, policy: AttestationPolicy): Promise<AttestationVerifyOutcome> {
  let artifact: AttestationVerifyOutcome['artifact'];
  let attestationCount: number | undefined;
  try {
    const roots = trustRoots(request.customTrustedRoot);
    const [entries, input] = await Promise.all([readAttestationFile(request.bundlePath, policy.limit), artifactInput(request.artifact)]);
    artifact = { path: request.artifact, digest: input.digest };
    attestationCount = entries.length;
    const { results, error } = verifyAttestations(entries, input.input, policy, roots);
    return { policy, artifact, attestationCount, results, error };
  } catch (err) {
    return { policy, artifact, attestationCount, results: [], error: asVerifyError(err) };
  }
}

export function attestationVerifyReport(outcome: AttestationVerifyOutcome): AttestationVerifyReport {
  return {
    schemaVersion: 1,
    command: 'attestation verify',
    verdict: verdictOf(outcome.error === undefined),
    error: errorJson(outcome.error),
    artifact: outcome.artifact ?? null,
    policy: describePolicy(outcome.policy).map(([rule, value]) => ({ rule, value })),
    attestations: outcome.results.map((r) => ({
      line: r.line,
      status: r.status,
      predicateType: r.predicateType ?? null,
      signer: r.certificate?.subjectAlternativeName ?? null,
      sourceRepository: r.certificate?.sourceRepositoryUri ?? null,
      sourceRef: r.certificate?.sourceRepositoryRef ?? null,
      sourceDigest: r.certificate?.sourceRepositoryDigest ?? null,
      buildSignerDigest: r.certificate?.buildSignerDigest ?? null,
      runnerEnvironment: r.certificate?.runnerEnvironment ?? null,
      logIndex: r.logIndex ?? null,
      reason: errorJson(r.reason),
    })),
  };
}

/** attestation verify: the report; a VerifyError is thrown only when the request cannot run (the CLI's exit 2). */
export async function attestationVerify(request: AttestationVerifyRequest): Promise<AttestationVerifyReport> {
  const policy = prepareAttestationVerify(request);
  const outcome = await runAttestationVerify(request, policy);
  if (outcome.error?.isUsage === true) throw outcome.error;
  return attestationVerifyReport(outcome);
}

export type { AttestationVerifyRequest };
