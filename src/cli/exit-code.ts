import type { VerifyError } from '../errors/index.js';
import type { RunReport } from '../report/run-report.js';
import { EXIT } from './exit-codes.js';

/** Every error a run produced: the run-level one and each artifact's. */
export function reportErrors(report: RunReport): VerifyError[] {
  return [report.error, ...report.verdicts.map((v) => v.error)].filter((e): e is VerifyError => e !== undefined);
}

const COULD_NOT_ASK = new Set(['ErrorRekorUnreachable', 'ErrorRegistryUnreachable']);

/**
 * The exit code of a run that did not pass. One rule for every command, so
 * scripts can tell "not verified" (1) from "could not run as asked" (2) and
 * "could not ask the log or registry" (4).
 */
export function failureExitCode(errors: readonly VerifyError[], options: { offline?: boolean } = {}): number {
  if (errors.some((e) => e.isUsage)) return EXIT.usage;
  // --offline refused a lookup the provenance needs: the command could not run as asked.
  if (options.offline === true && errors.some((e) => e.code === 'ErrorNeedsLogLookup')) return EXIT.usage;
  // Nothing was found wrong, the service just could not be asked.
  if (errors.length > 0 && errors.every((e) => COULD_NOT_ASK.has(e.code))) return EXIT.couldNotAsk;
  return EXIT.failed;
}
