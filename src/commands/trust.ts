import { VerifyError } from '../errors/index.js';
import { loadTrustRoot, type TrustRoot } from '../sigstore/trusted-root.js';
import type { TrustedRoot, TrustedRootInput } from './requests.js';

export type { TrustedRoot };

let embedded: TrustRoot | undefined;
/** The roots this module handed out: only those are accepted as loaded trust material. */
const loaded = new WeakSet<object>();

/**
 * Loads a Sigstore trusted_root.json (or, without a path, the public-good
 * root embedded in the build; no TUF client runs, no socket is opened).
 * Throws a VerifyError (ErrorUnreadableFile, ErrorInvalidTrustedRoot).
 */
export function loadTrustedRoot(path?: string): TrustedRoot {
  const root = loadTrustRoot(path);
  loaded.add(root);
  return root;
}

/** The request's trust material; the embedded root is parsed once per process. */
export function resolveTrustRoot(input: TrustedRootInput | undefined): TrustRoot {
  if (typeof input === 'string') return loadTrustRoot(input);
  if (input === undefined) return (embedded ??= loadTrustRoot());
  // Fail closed on an object that did not come from loadTrustedRoot() (a copy, a forgery).
  if (typeof input !== 'object' || input === null || !loaded.has(input)) {
    throw new VerifyError('ErrorInvalidTrustedRoot', 'trustedRoot must be a path or the result of loadTrustedRoot()');
  }
  return input as TrustRoot;
}
