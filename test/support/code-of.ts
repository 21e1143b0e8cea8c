import { VerifyError } from '../../src/errors/index.js';

/** The error code a synchronous call throws, or undefined when it does not throw. */
export function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (err) {
    return err instanceof VerifyError ? err.code : 'not a VerifyError';
  }
  return undefined;
}

/** The error code a promise rejects with, or undefined when it resolves. */
export async function asyncCodeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
  } catch (err) {
    return err instanceof VerifyError ? err.code : 'not a VerifyError';
  }
  return undefined;
}
