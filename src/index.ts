/**
 * slsa-verify as a library: every CLI command as a function that takes a
 * request and returns its report, the same document `--format json` prints
 * (src/report/schema.ts; slsa-verify/report.schema.json). Failures are in
 * the report (`verdict`, `error.code`, per-check codes); a VerifyError is
 * thrown only for a request that cannot run as asked (the CLI's exit 2).
 * Nothing writes to stdout or stderr, reads the environment, or opens a
 * socket unless the request says `network: 'allowed'`.
 *
 * The signatures here use only the plain request and report types, so the
 * shipped declarations need no other package.
 */
import { attestationVerify as attestationVerifyCommand } from './commands/attestation-verify.js';
import { explainPolicy as explainPolicyCommand } from './commands/policy-explain.js';
import { inspect as inspectCommand } from './commands/inspect.js';
import type * as requests from './commands/requests.js';
import { loadTrustedRoot as loadTrustedRootCommand } from './commands/trust.js';
import { verifyArtifact as verifyArtifactCommand } from './commands/verify-artifact.js';
import { verifyBundle as verifyBundleCommand } from './commands/verify-bundle.js';
import { verifyGithubAttestation as verifyGithubAttestationCommand } from './commands/verify-github-attestation.js';
import { verifyImage as verifyImageCommand } from './commands/verify-image.js';
import { verifyLockfile as verifyLockfileCommand } from './commands/verify-lockfile.js';
import { verifyNpmPackage as verifyNpmPackageCommand } from './commands/verify-npm-package.js';
import { verifyPypi as verifyPypiCommand } from './commands/verify-pypi.js';
import { verifyVsa as verifyVsaCommand } from './commands/verify-vsa.js';
import type * as reports from './report/report-types.js';

export type {
  AttestationVerifyRequest, InspectRequest, LogEntryInfo, Network, PolicyExplainRequest, Progress, SourceExpectations, TrustedRoot, TrustedRootInput,
  VerifyArtifactRequest, VerifyBundleRequest, VerifyGithubAttestationRequest, VerifyImageRequest, VerifyLockfileRequest,
  VerifyNpmPackageRequest, VerifyPypiRequest, VerifyVsaRequest, VsaExpectations,
} from './commands/requests.js';
export type {
  AttestationVerifyReport, Check, InspectReport, KeyedArtifact, PolicyExplainReport, Report, ReportError, SigstoreArtifact, Statement, Subject,
  VerifyArtifactReport, VerifyBundleReport, VerifyGithubAttestationReport, VerifyImageReport, VerifyLockfileReport,
  VerifyNpmPackageReport, VerifyPypiReport, VerifyVsaReport,
} from './report/report-types.js';
export { VerifyError, type ErrorCode } from './errors/index.js';

/** verify-artifact: artifacts (files or digests) against a provenance file, as slsa-verifier. */
export const verifyArtifact: (request: requests.VerifyArtifactRequest) => Promise<reports.VerifyArtifactReport> = verifyArtifactCommand;
/** verify-github-attestation: a GitHub artifact attestation on the artifacts; never asks a log. */
export const verifyGithubAttestation: (request: requests.VerifyGithubAttestationRequest) => Promise<reports.VerifyGithubAttestationReport> = verifyGithubAttestationCommand;
/** verify-image: an image pinned by digest (registry with network 'allowed', oci-layout:, docker-archive:, or a provenance file). */
export const verifyImage: (request: requests.VerifyImageRequest) => Promise<reports.VerifyImageReport> = verifyImageCommand;
/** verify-npm-package: SLSA provenance and the registry publish attestation of a tarball. */
export const verifyNpmPackage: (request: requests.VerifyNpmPackageRequest) => Promise<reports.VerifyNpmPackageReport> = verifyNpmPackageCommand;
/** verify-pypi: PEP 740 attestations of a distribution or of every one in a directory. */
export const verifyPypi: (request: requests.VerifyPypiRequest) => Promise<reports.VerifyPypiReport> = verifyPypiCommand;
/** verify-vsa: a DSSE-signed SLSA VSA v1. */
export const verifyVsa: (request: requests.VerifyVsaRequest) => Promise<reports.VerifyVsaReport> = verifyVsaCommand;
/** verify-bundle: any Sigstore bundle for an artifact, as the conformance suite drives clients. */
export const verifyBundle: (request: requests.VerifyBundleRequest) => Promise<reports.VerifyBundleReport> = verifyBundleCommand;
/** verify-lockfile: every package a lockfile pins against its artifacts and provenance. */
export const verifyLockfile: (request: requests.VerifyLockfileRequest) => Promise<reports.VerifyLockfileReport> = verifyLockfileCommand;
/** attestation verify: a GitHub artifact attestation (bundle or gh's .jsonl) as `gh attestation verify --bundle` decides, offline. */
export const attestationVerify: (request: requests.AttestationVerifyRequest) => Promise<reports.AttestationVerifyReport> = attestationVerifyCommand;
/** inspect: what an attestation file claims, UNVERIFIED; throws a VerifyError when the file cannot be read as one. */
export const inspect: (request: requests.InspectRequest) => Promise<reports.InspectReport> = inspectCommand;
/** policy explain: what verify-artifact with this policy enforces; an invalid policy throws (ErrorInvalidPolicy). */
export const explainPolicy: (request: requests.PolicyExplainRequest) => Promise<reports.PolicyExplainReport> = explainPolicyCommand;
/** Loads Sigstore trust material once (a trusted_root.json, or the embedded public-good root without a path). */
export const loadTrustedRoot: (path?: string) => requests.TrustedRoot = loadTrustedRootCommand;
