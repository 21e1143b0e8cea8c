import type { VerifyError } from '../errors/index.js';
import type { PypiVerdict } from './judge-dist.js';

export interface PypiReport {
  /** Run-level failure before any distribution was judged. */
  error: VerifyError | undefined;
  verdicts: PypiVerdict[];
}

export function pypiPassed(report: PypiReport): boolean {
  return report.error === undefined && report.verdicts.length > 0 && report.verdicts.every((v) => v.ok);
}

export function pypiFirstError(report: PypiReport): VerifyError | undefined {
  return report.error ?? report.verdicts.find((v) => !v.ok)?.error;
}
