import { hashArtifactInputs, resolveArtifactInputs, type ArtifactInput } from '../artifacts/artifact-inputs.js';
import type { HashOutcome } from '../artifacts/hash-artifacts.js';
import { VerifyError } from '../errors/index.js';
import type { KeyedMode } from '../keyed/keyed-flags.js';
import type { MaterialRequirement } from '../keyed/materials.js';
import type { KeyedReport } from '../keyed/verify-keyed.js';
import type { ArtifactVerdict } from '../pipeline/judge-artifact.js';
import { DEFAULT_REKOR_URL } from '../rekor/defaults.js';
import { parseRekorUrl } from '../rekor/rekor-url.js';
import type { RekorLookupInfo } from '../rekor/lookup-envelope.js';
import { reportErrors, throwIfCannotRun } from '../report/failure.js';
import { keyedReportDocument, runReportDocument } from '../report/json.js';
import type { RunReport } from '../report/run-report.js';
import type { VerifyArtifactReport } from '../report/schema.js';
import { checkProvenanceRequest, slsaPolicyOf, type Network, type SourceExpectations, type TrustedRootInput } from './request.js';
import type { VerifyArtifactRequest } from './requests.js';

/** A request checked and its inputs resolved; nothing is verified yet. */
export interface PreparedArtifactRun {
  request: VerifyArtifactRequest;
  inputs: ArtifactInput[];
  enforce: ((v: ArtifactVerdict) => void) | undefined;
  /** Set for a custom-builder run (a key or a signature beside the provenance). */
  keyed: KeyedMode | undefined;
  /** Dependencies the custom-builder provenance must list. */
  materials: MaterialRequirement[];
}

export type ArtifactOutcome =
  | { kind: 'sigstore'; report: RunReport }
  | { kind: 'keyed'; report: KeyedReport; printProvenance: boolean };

/**
 * Checks the request and resolves what can be refused before anything is
 * read or verified: the artifact arguments and checksum files, the policy
 * (which the expectations may only narrow), the Rekor URL, the key flags.
 * Throws a usage VerifyError; loads no Sigstore code.
 */
export async function prepareArtifactRun(request: VerifyArtifactRequest): Promise<PreparedArtifactRun> {
  checkProvenanceRequest(request);
  const inputs = await resolveArtifactInputs(request.artifacts, request.checksums ?? []);
  const keyedFlags = await import('../keyed/keyed-flags.js');
  const keyedMode = keyedFlags.isKeyedMode({ ...request, trustedRoot: undefined });
  let enforce: PreparedArtifactRun['enforce'];
  if (request.policyPath !== undefined) {
    if (keyedMode) throw new VerifyError('ErrorUsage', '--policy is not supported with --public-key or --signature-bundle');
    const { preparePolicy } = await import('../policy/policy-stage.js');
    enforce = await preparePolicy(request.policyPath, slsaPolicyOf(request), inputs.map((i) => i.label));
  }
  if (request.rekorUrl !== undefined) parseRekorUrl(request.rekorUrl);
  let keyed: KeyedMode | undefined;
  let materials: MaterialRequirement[] = [];
  if (keyedMode) {
    // The signature bundle's root is read by path; a loaded root cannot be handed to it, so it is refused rather than ignored.
    if (request.signatureBundle !== undefined && request.trustedRoot !== undefined && typeof request.trustedRoot !== 'string') {
      throw new VerifyError('ErrorUsage', 'signatureBundle needs trustedRoot as a path');
    }
    keyed = keyedFlags.checkKeyedFlags({ ...request, trustedRoot: typeof request.trustedRoot === 'string' ? request.trustedRoot : undefined });
    materials = await (await import('../keyed/materials.js')).resolveMaterials(request.material ?? []);
  }
  return { request, inputs, enforce, keyed, materials };
}

/** Starts hashing the file artifacts (sha256); digest artifacts are taken as given. */
export function hashPrepared(prepared: PreparedArtifactRun): Promise<Map<string, HashOutcome>> {
  const hashing = hashArtifactInputs(prepared.inputs, ['sha256']);
  hashing.catch(() => undefined);
  return hashing;
}

/**
 * Verifies a prepared run. `hashing` lets a caller start hashing before
 * the Sigstore modules load (the CLI does, to overlap start-up); without it
 * hashing starts here. Never throws: failures are in the outcome.
 */
export async function runVerifyArtifact(prepared: PreparedArtifactRun, hashing = hashPrepared(prepared)): Promise<ArtifactOutcome> {
  const { request } = prepared;
  const artifacts = prepared.inputs.map((i) => i.label);
  const policy = slsaPolicyOf(request);
  const { keyed } = prepared;
  if (keyed) {
    // Custom builders: a key or a signature beside the provenance; never a Rekor lookup.
    const { verifyKeyedProvenance } = await import('../keyed/verify-keyed.js');
    const report = await verifyKeyedProvenance({
      artifacts, provenancePath: request.provenancePath, publicKeyPath: request.publicKey, publicKeyId: request.publicKeyId,
      ...(keyed.statementSignature ? { statementSignature: keyed.statementSignature } : {}),
      hashing, policy: { ...policy, builderId: keyed.builderId, materials: prepared.materials },
    });
    return { kind: 'keyed', report, printProvenance: request.printProvenance === true };
  }
  const { verifyProvenance } = await import('./verify-provenance.js');
  const report = await verifyProvenance({
    command: 'verify-artifact',
    artifacts,
    provenancePath: request.provenancePath,
    policy,
    trustedRoot: request.trustedRoot,
    printProvenance: request.printProvenance === true,
    testing: request.testing === true,
    hashing,
    ...(prepared.enforce ? { enforce: prepared.enforce } : {}),
    rekor: {
      offline: request.network !== 'allowed',
      rekorUrl: request.rekorUrl ?? DEFAULT_REKOR_URL,
      saveBundle: request.saveBundle,
      onEntry: request.onLogEntry,
    },
  });
  return { kind: 'sigstore', report };
}

export function artifactReport(outcome: ArtifactOutcome): VerifyArtifactReport {
  return outcome.kind === 'keyed'
    ? keyedReportDocument(outcome.report, outcome.printProvenance)
    : runReportDocument(outcome.report, 'verify-artifact');
}

/**
 * verify-artifact: the artifacts against a provenance file, as slsa-verifier.
 * Returns the report (verdict, per-artifact checks); throws a VerifyError only
 * when the request cannot run as asked (the CLI's exit 2).
 */
export async function verifyArtifact(request: VerifyArtifactRequest): Promise<VerifyArtifactReport> {
  const outcome = await runVerifyArtifact(await prepareArtifactRun(request));
  throwIfCannotRun(reportErrors(outcome.report), { offline: outcome.kind === 'sigstore' && request.network !== 'allowed' });
  return artifactReport(outcome);
}
