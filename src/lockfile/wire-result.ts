import { VerifyError, type ErrorCode } from '../errors/index.js';
import type { PackageResult } from './package-result.js';

/** A PackageResult as it crosses a worker boundary (structured clone drops the error's class). */
export type WireResult = Omit<PackageResult, 'error'> & { error: { code: ErrorCode; message: string; expected?: string; actual?: string } | undefined };

export function toWire(r: PackageResult): WireResult {
  const e = r.error;
  return { ...r, error: e ? { code: e.code, message: e.message, ...(e.expected === undefined ? {} : { expected: e.expected }), ...(e.actual === undefined ? {} : { actual: e.actual }) } : undefined };
}

export function fromWire(r: WireResult): PackageResult {
  const e = r.error;
  if (!e) return { ...r, error: undefined };
  const error = new VerifyError(e.code, undefined, { expected: e.expected, actual: e.actual });
  error.message = e.message;
  return { ...r, error };
}
