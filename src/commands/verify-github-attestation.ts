import { hashArtifactInputs, resolveArtifactInputs, type ArtifactInput } from '../artifacts/artifact-inputs.js';
import type { HashOutcome } from '../artifacts/hash-artifacts.js';
import { reportErrors, throwIfCannotRun } from '../report/failure.js';
import { runReportDocument } from '../report/json.js';
import type { RunReport } from '../report/run-report.js';
import type { VerifyGithubAttestationReport } from '../report/schema.js';
import { checkProvenanceRequest, slsaPolicyOf, type SourceExpectations, type TrustedRootInput } from './request.js';
import type { VerifyGithubAttestationRequest } from './requests.js';

export interface PreparedAttestationRun {
  request: VerifyGithubAttestationRequest;
  inputs: ArtifactInput[];
}

/** Resolves the artifact arguments; throws a usage VerifyError. Loads no Sigstore code. */
export async function prepareAttestationRun(request: VerifyGithubAttestationRequest): Promise<PreparedAttestationRun> {
  checkProvenanceRequest(request);
  return { request, inputs: await resolveArtifactInputs(request.artifacts, []) };
}

export function hashPreparedAttestation(prepared: PreparedAttestationRun): Promise<Map<string, HashOutcome>> {
  const hashing = hashArtifactInputs(prepared.inputs, ['sha256']);
  hashing.catch(() => undefined);
  return hashing;
}

/** Never throws; `hashing` may have been started by the caller before this module's dependencies loaded. */
export async function runVerifyGithubAttestation(prepared: PreparedAttestationRun, hashing = hashPreparedAttestation(prepared)): Promise<RunReport> {
  const { request } = prepared;
  const { verifyProvenance } = await import('./verify-provenance.js');
  return verifyProvenance({
    command: 'verify-github-attestation',
    artifacts: prepared.inputs.map((i) => i.label),
    provenancePath: request.attestationPath,
    policy: slsaPolicyOf(request),
    trustedRoot: request.trustedRoot,
    printProvenance: request.printAttestation === true,
    testing: request.testing === true,
    hashing,
  });
}

export function githubAttestationReport(report: RunReport): VerifyGithubAttestationReport {
  return runReportDocument(report, 'verify-github-attestation');
}

/** verify-github-attestation: a GitHub artifact attestation (Sigstore bundle) on the artifacts; never asks a log. */
export async function verifyGithubAttestation(request: VerifyGithubAttestationRequest): Promise<VerifyGithubAttestationReport> {
  const report = await runVerifyGithubAttestation(await prepareAttestationRun(request));
  throwIfCannotRun(reportErrors(report));
  return githubAttestationReport(report);
}

export type { VerifyGithubAttestationRequest };
