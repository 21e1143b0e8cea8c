import { ERROR_SENTENCES, USAGE_CODES, type ErrorCode } from './codes.js';

export interface ErrorDetail {
  expected?: string;
  actual?: string;
  cause?: unknown;
}

/**
 * The one error type every stage throws. `code` is stable and is what tests and
 * scripts compare; the message is `<sentence>: <detail>` as slsa-verifier prints.
 */
export class VerifyError extends Error {
  readonly code: ErrorCode;
  readonly expected: string | undefined;
  readonly actual: string | undefined;

  constructor(code: ErrorCode, detail?: string, extra: ErrorDetail = {}) {
    const sentence = ERROR_SENTENCES[code];
    super(detail ? `${sentence}: ${detail}` : sentence, extra.cause === undefined ? undefined : { cause: extra.cause });
    this.name = 'VerifyError';
    this.code = code;
    this.expected = extra.expected;
    this.actual = extra.actual;
  }

  /** The same failure, its message prefixed with where it happened (e.g. a line number). */
  withContext(context: string): VerifyError {
    const copy = new VerifyError(this.code, undefined, { expected: this.expected, actual: this.actual, cause: this });
    copy.message = `${context}: ${this.message}`;
    return copy;
  }

  get isUsage(): boolean {
    return USAGE_CODES.has(this.code);
  }
}

/** Anything thrown that is not a VerifyError is an internal failure: fail closed. */
export function asVerifyError(err: unknown): VerifyError {
  if (err instanceof VerifyError) return err;
  const detail = err instanceof Error ? err.message : String(err);
  return new VerifyError('ErrorInternal', detail, { cause: err });
}
