import { VerifyError } from '../errors/index.js';

/** Runs `read`, prefixing a VerifyError's message with `context` (as slsa-verifier wraps "verifying tag: ..."). */
export function withContext<T>(read: () => T, context: string): T {
  try {
    return read();
  } catch (err) {
    throw err instanceof VerifyError ? err.withContext(context) : err;
  }
}
