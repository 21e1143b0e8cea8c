import type { Writable } from 'node:stream';
import type { ImageRunReport } from '../../commands/verify-image.js';
import { firstError, runPassed } from '../../report/run-report.js';
import { safeText } from '../../report/escape-text.js';

/**
 * slsa-verifier's verify-image output on stderr: the builder line (GitHub) or
 * the verifying key (Cloud Build), then the verdict; no per-artifact line.
 * The verified statement (--print-provenance) alone on stdout.
 */
export function renderImageText(report: ImageRunReport, out: Writable, err: Writable): void {
  if (report.gcbKeyName !== undefined) err.write(safeText`Verification succeeded with key "${report.gcbKeyName}"\n`);
  const verdict = report.verdicts[0];
  if (runPassed(report) && verdict) {
    if (report.gcbKeyName === undefined) {
      err.write(safeText`Verified build using builder "${verdict.checks?.builderId ?? ''}" at commit ${verdict.checks?.commit ?? ''}\n`);
    }
    const payload = report.gcbPayload ?? verdict.envelope?.payload;
    if (report.printProvenance && payload) out.write(`${payload.toString('utf8')}\n`);
    err.write('PASSED: SLSA verification passed\n');
    return;
  }
  err.write(safeText`FAILED: SLSA verification failed: ${firstError(report)?.message ?? 'nothing was verified'}\n`);
}
