import { EXIT } from '../exit-codes.js';
import { usageFailure } from '../usage.js';
import { renderBundleText } from '../render/bundle-text.js';
import { writeJson } from '../write-json.js';
import { bundleReport, expectedSigner, runVerifyBundle, type VerifyBundleRequest } from '../../commands/verify-bundle.js';
import type { ExpectedSigner } from '../../bundle-verify/verify-sigstore-bundle.js';

export interface VerifyBundleFlags {
  bundle: string;
  certificateIdentity?: string;
  certificateOidcIssuer?: string;
  key?: string;
  trustedRoot?: string;
  staging?: boolean;
  format: 'text' | 'json';
}

/** verify-bundle: the conformance suite's client contract (exit 0 verified, 1 not, 2 could not run). */
export async function runVerifyBundleCommand(fileOrDigest: string, flags: VerifyBundleFlags): Promise<number> {
  const request: VerifyBundleRequest = {
    artifact: fileOrDigest,
    bundlePath: flags.bundle,
    certificateIdentity: flags.certificateIdentity,
    certificateOidcIssuer: flags.certificateOidcIssuer,
    keyPath: flags.key,
    trustedRoot: flags.trustedRoot,
    staging: flags.staging,
  };
  let signer: ExpectedSigner;
  try {
    // A wrong command line (or an unreadable --key) is a usage error, reported as the other commands report one.
    signer = await expectedSigner(request);
  } catch (err) {
    return usageFailure('verify-bundle', err, flags.format);
  }
  const outcome = await runVerifyBundle(request, signer);
  if (flags.format === 'json') writeJson(bundleReport(outcome));
  else renderBundleText(outcome, process.stderr);
  if (!outcome.error) return EXIT.verified;
  return outcome.error.isUsage ? EXIT.usage : EXIT.failed;
}
