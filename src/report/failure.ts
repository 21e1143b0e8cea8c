import { VerifyError } from '../errors/index.js';

/**
 * What kind of failure a run ended in. One rule for every command, so
 * scripts can tell "not verified" from "could not run as asked" (the CLI's
 * exit 2, the library's thrown VerifyError) and "could not ask the log or
 * registry" (exit 4).
 */
export type FailureKind = 'failed' | 'usage' | 'couldNotAsk';

const COULD_NOT_ASK = new Set(['ErrorRekorUnreachable', 'ErrorRegistryUnreachable']);

export function failureKind(errors: readonly VerifyError[], options: { offline?: boolean | undefined } = {}): FailureKind {
  if (errors.some((e) => e.isUsage)) return 'usage';
  // Offline refused a lookup the provenance needs: the command could not run as asked.
  if (options.offline === true && errors.some((e) => e.code === 'ErrorNeedsLogLookup')) return 'usage';
  // Nothing was found wrong, the service just could not be asked.
  if (errors.length > 0 && errors.every((e) => COULD_NOT_ASK.has(e.code))) return 'couldNotAsk';
  return 'failed';
}

/** Every error a run produced: the run-level one and each artifact's. */
export function reportErrors(report: { error: VerifyError | undefined; verdicts: readonly { error: VerifyError | undefined }[] }): VerifyError[] {
  return [report.error, ...report.verdicts.map((v) => v.error)].filter((e): e is VerifyError => e !== undefined);
}

/** The library's side of the rule: a run that could not run as asked throws instead of returning a report. */
export function throwIfCannotRun(errors: readonly VerifyError[], options: { offline?: boolean | undefined } = {}): void {
  if (failureKind(errors, options) !== 'usage') return;
  throw errors.find((e) => e.isUsage) ?? errors.find((e) => e.code === 'ErrorNeedsLogLookup') ?? new VerifyError('ErrorUsage');
}
