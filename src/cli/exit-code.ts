import type { VerifyError } from '../errors/index.js';
import { failureKind } from '../report/failure.js';
import { EXIT } from './exit-codes.js';

export { reportErrors } from '../report/failure.js';

/** The exit code of a run that did not pass (src/report/failure.ts holds the one rule). */
export function failureExitCode(errors: readonly VerifyError[], options: { offline?: boolean | undefined } = {}): number {
  return EXIT[failureKind(errors, options)];
}
