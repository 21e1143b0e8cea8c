import type { Writable } from 'node:stream';
import type { VerifyError } from '../../errors/index.js';
import { keyedPassed, type KeyedReport } from '../../keyed/verify-keyed.js';
import { safeText } from '../../report/escape-text.js';

function firstError(report: KeyedReport): VerifyError | undefined {
  return report.error ?? report.verdicts.find((v) => !v.ok)?.error;
}

/** slsa-verifier's lines, except that the evidence line says the provenance is key-signed (no Sigstore identity). */
export function renderKeyedText(report: KeyedReport, printProvenance: boolean, out: Writable, err: Writable): void {
  for (const verdict of report.verdicts) {
    if (verdict.ok) {
      err.write(
        safeText`Verified ${report.evidence === 'certificate' ? `Sigstore-signed provenance (certificate ${report.key ?? ''})` : `key-signed provenance (key ${report.key ?? ''})`} built by "${verdict.checks?.builderId ?? ''}" at commit ${verdict.checks?.commit ?? 'unknown'}\n`,
      );
      if (printProvenance && verdict.payload) out.write(`${verdict.payload.toString('utf8')}\n`);
      err.write(safeText`Verifying artifact ${verdict.path}: PASSED\n\n`);
    } else {
      err.write(safeText`Verifying artifact ${verdict.path}: FAILED: ${verdict.error?.message ?? 'unknown failure'}\n\n`);
    }
  }
  if (keyedPassed(report)) err.write('PASSED: SLSA verification passed\n');
  else err.write(safeText`FAILED: SLSA verification failed: ${firstError(report)?.message ?? 'nothing was verified'}\n`);
}
