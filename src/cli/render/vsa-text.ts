import type { Writable } from 'node:stream';
import type { VsaReport } from '../../vsa/report.js';
import { safeText } from '../../report/escape-text.js';

/** slsa-verifier's verify-vsa lines on stderr; the verified statement alone on stdout with --print-attestation. */
export function renderVsaText(report: VsaReport, out: Writable, err: Writable): void {
  if (report.error) {
    err.write(safeText`Verifying VSA: FAILED: ${report.error.message}\n\n`);
    err.write(safeText`FAILED: SLSA verification failed: ${report.error.message}\n`);
    return;
  }
  if (report.printAttestation && report.payload) out.write(`${report.payload.toString('utf8')}\n`);
  err.write('Verifying VSA: PASSED\n\n');
  err.write('PASSED: SLSA verification passed\n');
}
