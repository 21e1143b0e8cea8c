import type { Writable } from 'node:stream';
import type { VerifyError } from '../errors/index.js';
import { checksJson, errorJson, statementJson } from '../report/json.js';
import type { KeyedReport, KeyedVerdict } from './verify-keyed.js';
import { jsonDocument, safeText } from '../report/escape-text.js';

export function keyedPassed(report: KeyedReport): boolean {
  return report.error === undefined && report.verdicts.length > 0 && report.verdicts.every((v) => v.ok);
}

function firstError(report: KeyedReport): VerifyError | undefined {
  return report.error ?? report.verdicts.find((v) => !v.ok)?.error;
}

/** slsa-verifier's lines, except that the evidence line says the provenance is key-signed (no Sigstore identity). */
export function renderKeyedText(report: KeyedReport, printProvenance: boolean, out: Writable, err: Writable): void {
  for (const verdict of report.verdicts) {
    if (verdict.ok) {
      err.write(
        safeText`Verified key-signed provenance (key ${report.key ?? ''}) built by "${verdict.checks?.builderId ?? ''}" at commit ${verdict.checks?.commit ?? 'unknown'}\n`,
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

/** The verify-artifact JSON document (schemaVersion 1), with `evidence.kind: "key"`. */
export function renderKeyedJson(report: KeyedReport, printProvenance: boolean, out: Writable): void {
  const document = {
    schemaVersion: 1,
    command: 'verify-artifact',
    verdict: keyedPassed(report) ? 'PASSED' : 'FAILED',
    error: errorJson(firstError(report)),
    artifacts: report.verdicts.map((v) => artifactJson(v, report.key, printProvenance)),
  };
  out.write(jsonDocument(document));
}

function artifactJson(v: KeyedVerdict, key: string | undefined, printProvenance: boolean) {
  return {
    path: v.path,
    digest: v.digests ?? null,
    verdict: v.ok ? 'PASSED' : 'FAILED',
    error: errorJson(v.error),
    builderId: v.checks?.builderId ?? null,
    sourceUri: v.checks?.sourceUri ?? null,
    commit: v.checks?.commit ?? null,
    statement: statementJson(v.statement, v.line, printProvenance ? v.payload : undefined),
    evidence: v.payload ? { kind: 'key', key: key ?? null } : null,
    checks: checksJson(v.checks, v.error),
  };
}
