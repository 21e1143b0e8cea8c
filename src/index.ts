/**
 * slsa-verify as a library: every CLI command as a function that takes a
 * request and returns its report, the same document `--format json` prints
 * (src/report/schema.ts; dist/report.schema.json). Failures are in the
 * report (`verdict`, `error.code`, per-check codes); a VerifyError is thrown
 * only for a request that cannot run as asked (the CLI's exit 2). Nothing
 * writes to stdout or stderr, reads the environment, or opens a socket
 * unless the request says `network: 'allowed'`.
 */
export { verifyArtifact, type VerifyArtifactRequest } from './commands/verify-artifact.js';
export { verifyGithubAttestation, type VerifyGithubAttestationRequest } from './commands/verify-github-attestation.js';
export { verifyImage, type VerifyImageRequest } from './commands/verify-image.js';
export { verifyNpmPackage, type VerifyNpmPackageRequest } from './commands/verify-npm-package.js';
export { verifyPypi, type VerifyPypiRequest } from './commands/verify-pypi.js';
export { verifyVsa, type VerifyVsaRequest } from './commands/verify-vsa.js';
export { verifyBundle, type VerifyBundleRequest } from './commands/verify-bundle.js';
export { verifyLockfile, type VerifyLockfileRequest } from './commands/verify-lockfile.js';
export { inspect, type InspectRequest } from './commands/inspect.js';
export { explainPolicy, type PolicyExplainRequest } from './commands/policy-explain.js';
export { loadTrustedRoot, type TrustedRoot } from './commands/trust.js';
export type { Network, SourceExpectations, TrustedRootInput } from './commands/request.js';
export type { VsaPolicy } from './vsa/expected-values.js';
export type { Progress } from './lockfile/report.js';
export { VerifyError, type ErrorCode } from './errors/index.js';
export {
  reportSchema,
  reportSchemas,
  type Check,
  type InspectReport,
  type KeyedArtifact,
  type PolicyExplainReport,
  type Report,
  type SigstoreArtifact,
  type VerifyArtifactReport,
  type VerifyBundleReport,
  type VerifyGithubAttestationReport,
  type VerifyImageReport,
  type VerifyLockfileReport,
  type VerifyNpmPackageReport,
  type VerifyPypiReport,
  type VerifyVsaReport,
} from './report/schema.js';
