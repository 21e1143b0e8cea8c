import { readBoundedText } from '../files/read-bounded.js';
import { FILE_CAPS } from '../files/caps.js';
import { readArtifactInput } from '../bundle-verify/artifact-input.js';
import { readBundleFile, verifySigstoreBundle, type ExpectedSigner, type VerifiedBundle } from '../bundle-verify/verify-sigstore-bundle.js';
import { asVerifyError, VerifyError } from '../errors/index.js';
import { errorJson, verdictOf } from '../report/json.js';
import type { VerifyBundleReport } from '../report/schema.js';
import type { TrustedRootInput } from './request.js';
import { resolveTrustRoot } from './trust.js';
import type { VerifyBundleRequest } from './requests.js';

export interface BundleOutcome {
  verified: VerifiedBundle | undefined;
  error: VerifyError | undefined;
}

/**
 * verify-bundle as the Sigstore conformance suite drives clients. `signer`
 * may have been checked by the caller (the CLI reports a wrong command line
 * before anything runs). Never throws.
 */
export async function runVerifyBundle(request: VerifyBundleRequest, checkedSigner?: ExpectedSigner): Promise<BundleOutcome> {
  try {
    const signer = checkedSigner ?? (await expectedSigner(request));
    const trust = resolveTrustRoot(request.trustedRoot);
    const [bundle, artifact] = await Promise.all([readBundleFile(request.bundlePath), readArtifactInput(request.artifact)]);
    return { verified: verifySigstoreBundle(bundle, artifact, signer, trust), error: undefined };
  } catch (err) {
    return { verified: undefined, error: asVerifyError(err) };
  }
}

export function bundleReport({ verified, error }: BundleOutcome): VerifyBundleReport {
  return {
    schemaVersion: 1,
    command: 'verify-bundle',
    verdict: verdictOf(error === undefined),
    error: errorJson(error),
    bundle: verified
      ? {
          content: verified.content,
          evidence: 'key' in verified.signer ? { kind: 'key', key: verified.signer.key } : { kind: 'certificate', ...verified.signer },
          logIndex: verified.logIndex ?? null,
        }
      : null,
  };
}

/** verify-bundle: the report; a VerifyError is thrown only when the request cannot run (the CLI's exit 2). */
export async function verifyBundle(request: VerifyBundleRequest): Promise<VerifyBundleReport> {
  const outcome = await runVerifyBundle(request);
  if (outcome.error?.isUsage === true) throw outcome.error;
  return bundleReport(outcome);
}

/** Exactly one way to name the signer: identity and issuer together, or a key. Throws a usage VerifyError. */
export async function expectedSigner(request: VerifyBundleRequest): Promise<ExpectedSigner> {
  const identity = request.certificateIdentity !== undefined || request.certificateOidcIssuer !== undefined;
  if (identity === (request.keyPath !== undefined)) {
    throw new VerifyError('ErrorUsage', 'give either --certificate-identity with --certificate-oidc-issuer, or --key');
  }
  if (request.staging === true && request.trustedRoot === undefined) {
    throw new VerifyError('ErrorUsage', '--staging needs --trusted-root: only the public-good root is embedded');
  }
  if (request.keyPath !== undefined) {
    return { kind: 'key', pem: await readBoundedText(request.keyPath, { what: 'key', maxBytes: FILE_CAPS.publicKey, tooLargeCode: 'ErrorInvalidPublicKey' }) };
  }
  if (!request.certificateIdentity || !request.certificateOidcIssuer) {
    throw new VerifyError('ErrorUsage', '--certificate-identity and --certificate-oidc-issuer go together, and neither may be empty');
  }
  return { kind: 'identity', identity: { san: request.certificateIdentity, issuer: request.certificateOidcIssuer } };
}

export type { VerifyBundleRequest };
