import type { Writable } from 'node:stream';
import { firstError, runPassed, type RunReport } from '../../report/run-report.js';
import { safeText } from '../../report/escape-text.js';

/**
 * slsa-verifier's verify-npm-package output, line for line, on stderr (its
 * builder line, unlike verify-artifact's, has no quotes); the verified
 * provenance alone on stdout with --print-provenance.
 */
export function renderNpmText(report: RunReport, out: Writable, err: Writable): void {
  for (const verdict of report.verdicts) {
    if (verdict.ok) {
      err.write(safeText`Verified build using builder ${verdict.checks?.builderId ?? ''} at commit ${verdict.checks?.commit ?? ''}\n`);
      if (report.printProvenance && verdict.envelope) out.write(`${verdict.envelope.payload.toString('utf8')}\n`);
      err.write(safeText`Verifying npm package ${verdict.path}: PASSED\n\n`);
    } else {
      err.write(safeText`Verifying npm package ${verdict.path}: FAILED: ${verdict.error?.message ?? 'unknown failure'}\n\n`);
    }
  }
  if (runPassed(report)) {
    err.write('PASSED: SLSA verification passed\n');
  } else {
    err.write(safeText`FAILED: SLSA verification failed: ${firstError(report)?.message ?? 'nothing was verified'}\n`);
  }
}
