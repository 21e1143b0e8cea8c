import type { Writable } from 'node:stream';
import { pypiFirstError, pypiPassed, type PypiReport } from '../../pypi/report.js';

/** Text on stderr, as the other commands: one line per distribution, then the verdict. */
export function renderPypiText(report: PypiReport, err: Writable): void {
  for (const v of report.verdicts) {
    err.write(v.ok ? `Verifying ${v.path}: PASSED\n` : `Verifying ${v.path}: FAILED: ${v.error?.message ?? 'unknown failure'}\n`);
  }
  if (report.verdicts.length > 0) err.write('\n');
  if (pypiPassed(report)) err.write('PASSED: SLSA verification passed\n');
  else err.write(`FAILED: SLSA verification failed: ${pypiFirstError(report)?.message ?? 'nothing was verified'}\n`);
}
