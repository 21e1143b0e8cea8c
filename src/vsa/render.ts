import type { Writable } from 'node:stream';
import type { VsaReport } from './report.js';
import { jsonDocument, safeText } from '../report/escape-text.js';
import { parseUntrustedJson } from '../files/untrusted-json.js';

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

/** `--format json` (schemaVersion 1): one document on stdout. */
export function renderVsaJson(report: VsaReport, out: Writable): void {
  const vsa = report.vsa;
  const document = {
    schemaVersion: 1,
    command: 'verify-vsa',
    verdict: report.error ? 'FAILED' : 'PASSED',
    error: report.error ? { code: report.error.code, message: report.error.message } : null,
    vsa: vsa
      ? {
          verifierId: vsa.predicate.verifier.id,
          resourceUri: vsa.predicate.resourceUri,
          verificationResult: vsa.predicate.verificationResult,
          verifiedLevels: vsa.predicate.verifiedLevels,
          timeVerified: vsa.predicate.timeVerified ?? null,
          subjects: vsa.subject.map((s) => ({ name: s.name, digest: s.digest })),
          ...(report.printAttestation && report.payload ? { payload: parseUntrustedJson(report.payload.toString('utf8')) } : {}),
        }
      : null,
    checks: report.steps,
  };
  out.write(jsonDocument(document));
}
