import { VerifyError } from '../errors/index.js';
import { loadTrustRoot, type TrustRoot } from '../sigstore/trusted-root.js';
import type { TrustedRootInput } from './request.js';

/** Sigstore trust material as loadTrustedRoot() returns it: parse once, pass to every call. */
export type TrustedRoot = TrustRoot;

let embedded: TrustRoot | undefined;

/**
 * Loads a Sigstore trusted_root.json (or, without a path, the public-good
 * root embedded in @sigstore/tuf's seeds; no TUF client runs, no socket is
 * opened). Throws a VerifyError (ErrorUnreadableFile, ErrorInvalidTrustedRoot).
 */
export function loadTrustedRoot(path?: string): TrustedRoot {
  return loadTrustRoot(path);
}

/** The request's trust material; the embedded root is parsed once per process. */
export function resolveTrustRoot(input: TrustedRootInput | undefined): TrustRoot {
  if (typeof input === 'string') return loadTrustRoot(input);
  if (input === undefined) return (embedded ??= loadTrustRoot());
  // Fail closed on an object that did not come from loadTrustedRoot().
  if (typeof input !== 'object' || input === null || typeof input.material !== 'object' || input.material === null) {
    throw new VerifyError('ErrorInvalidTrustedRoot', 'trustedRoot must be a path or the result of loadTrustedRoot()');
  }
  return input;
}
