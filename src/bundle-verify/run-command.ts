import { readFile } from 'node:fs/promises';
import { EXIT } from '../cli/exit-codes.js';
import { usageFailure } from '../cli/usage.js';
import { asVerifyError, VerifyError } from '../errors/index.js';
import { loadTrustRoot } from '../sigstore/trusted-root.js';
import { readArtifactInput } from './artifact-input.js';
import { readBundleFile, verifySigstoreBundle, type ExpectedSigner, type VerifiedBundle } from './verify-sigstore-bundle.js';

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
  let signer: ExpectedSigner;
  try {
    // A wrong command line (or an unreadable --key) is a usage error, reported as the other commands report one.
    signer = await expectedSigner(flags);
  } catch (err) {
    return usageFailure('verify-bundle', err, flags.format);
  }
  let verified: VerifiedBundle | undefined;
  let error: VerifyError | undefined;
  try {
    const trust = loadTrustRoot(flags.trustedRoot);
    const [bundle, artifact] = await Promise.all([readBundleFile(flags.bundle), readArtifactInput(fileOrDigest)]);
    verified = verifySigstoreBundle(bundle, artifact, signer, trust);
  } catch (err) {
    error = asVerifyError(err);
  }
  if (flags.format === 'json') {
    const document = {
      schemaVersion: 1,
      command: 'verify-bundle',
      verdict: error ? 'FAILED' : 'PASSED',
      error: error ? { code: error.code, message: error.message } : null,
      bundle: verified
        ? { content: verified.content, evidence: 'key' in verified.signer ? { kind: 'key', key: verified.signer.key } : { kind: 'certificate', ...verified.signer }, logIndex: verified.logIndex ?? null }
        : null,
    };
    process.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
  } else if (verified) {
    const by = 'key' in verified.signer ? `key ${verified.signer.key}` : `"${verified.signer.san}" (issuer ${verified.signer.issuer})`;
    process.stderr.write(`Verified ${verified.content === 'dsse' ? 'DSSE envelope' : 'message signature'} signed by ${by}, log index ${verified.logIndex ?? '?'}\n`);
    process.stderr.write('PASSED: bundle verification passed\n');
  } else {
    process.stderr.write(`FAILED: bundle verification failed: ${error?.message ?? 'nothing was verified'}\n`);
  }
  if (!error) return EXIT.verified;
  return error.isUsage ? EXIT.usage : EXIT.failed;
}

/** Exactly one way to name the signer: identity and issuer together, or a key. */
async function expectedSigner(flags: VerifyBundleFlags): Promise<ExpectedSigner> {
  const identity = flags.certificateIdentity !== undefined || flags.certificateOidcIssuer !== undefined;
  if (identity === (flags.key !== undefined)) {
    throw new VerifyError('ErrorUsage', 'give either --certificate-identity with --certificate-oidc-issuer, or --key');
  }
  if (flags.staging === true && flags.trustedRoot === undefined) {
    throw new VerifyError('ErrorUsage', '--staging needs --trusted-root: only the public-good root is embedded');
  }
  if (flags.key !== undefined) {
    try {
      return { kind: 'key', pem: await readFile(flags.key, 'utf8') };
    } catch (err) {
      throw new VerifyError('ErrorUnreadableFile', `key ${flags.key}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
    }
  }
  if (!flags.certificateIdentity || !flags.certificateOidcIssuer) {
    throw new VerifyError('ErrorUsage', '--certificate-identity and --certificate-oidc-issuer go together, and neither may be empty');
  }
  return { kind: 'identity', identity: { san: flags.certificateIdentity, issuer: flags.certificateOidcIssuer } };
}
