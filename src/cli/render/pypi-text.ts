import type { Writable } from 'node:stream';
import { pypiFirstError, pypiPassed, type PypiReport } from '../../pypi/report.js';
import { safeText } from '../../report/escape-text.js';

/** Text on stderr, as the other commands: one line per distribution, then the verdict. */
export function renderPypiText(report: PypiReport, err: Writable): void {
  for (const v of report.verdicts) {
    err.write(v.ok ? safeText`Verifying ${v.path}: PASSED\n` : safeText`Verifying ${v.path}: FAILED: ${v.error?.message ?? 'unknown failure'}\n`);
  }
  if (report.verdicts.length > 0) err.write('\n');
  if (pypiPassed(report)) err.write('PASSED: SLSA verification passed\n');
  else err.write(safeText`FAILED: SLSA verification failed: ${pypiFirstError(report)?.message ?? 'nothing was verified'}\n`);
}
