import type { Writable } from 'node:stream';
import { artifactDisplayName } from '../../artifacts/display-name.js';
import { firstError, runPassed, type RunReport } from '../../report/run-report.js';
import { safeText } from '../../report/escape-text.js';

/**
 * slsa-verifier's human output, line for line, on stderr; the verified statement
 * (with --print-provenance) alone on stdout so it can be piped.
 */
export function renderText(report: RunReport, out: Writable, err: Writable): void {
  for (const verdict of report.verdicts) {
    if (verdict.ok) {
      err.write(safeText`Verified build using builder "${verdict.checks?.builderId ?? ''}" at commit ${verdict.checks?.commit ?? ''}\n`);
      if (report.printProvenance && verdict.envelope) out.write(`${verdict.envelope.payload.toString('utf8')}\n`);
      err.write(safeText`Verifying artifact ${artifactDisplayName(verdict)}: PASSED\n\n`);
    } else {
      err.write(safeText`Verifying artifact ${artifactDisplayName(verdict)}: FAILED: ${verdict.error?.message ?? 'unknown failure'}\n\n`);
    }
  }
  if (runPassed(report)) {
    err.write('PASSED: SLSA verification passed\n');
  } else {
    const error = firstError(report);
    err.write(safeText`FAILED: SLSA verification failed: ${error?.message ?? 'nothing was verified'}\n`);
  }
}
