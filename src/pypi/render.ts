import type { Writable } from 'node:stream';
import type { VerifyError } from '../errors/index.js';
import { pypiFirstError, pypiPassed, type PypiReport } from './verify-pypi.js';
import { jsonDocument, safeText } from '../report/escape-text.js';

/** Text on stderr, as the other commands: one line per distribution, then the verdict. */
export function renderPypiText(report: PypiReport, err: Writable): void {
  for (const v of report.verdicts) {
    err.write(v.ok ? safeText`Verifying ${v.path}: PASSED\n` : safeText`Verifying ${v.path}: FAILED: ${v.error?.message ?? 'unknown failure'}\n`);
  }
  if (report.verdicts.length > 0) err.write('\n');
  if (pypiPassed(report)) err.write('PASSED: SLSA verification passed\n');
  else err.write(safeText`FAILED: SLSA verification failed: ${pypiFirstError(report)?.message ?? 'nothing was verified'}\n`);
}

/** `--format json`: schemaVersion 1, the envelope of src/report/json.ts with PyPI's evidence per distribution. */
export function renderPypiJson(report: PypiReport, out: Writable): void {
  const document = {
    schemaVersion: 1,
    command: 'verify-pypi',
    verdict: pypiPassed(report) ? 'PASSED' : 'FAILED',
    error: errorJson(pypiFirstError(report)),
    artifacts: report.verdicts.map((v) => ({
      path: v.path,
      digest: v.sha256 === undefined ? null : { sha256: v.sha256 },
      verdict: v.ok ? 'PASSED' : 'FAILED',
      error: errorJson(v.error),
      attestations: v.attestations.map((a) => ({
        predicateType: a.statement.predicateType,
        subjects: a.statement.subject,
        workflow: a.workflow ?? null,
        evidence: {
          signer: a.envelope.certificate.subjectAlternativeName,
          issuer: a.envelope.certificate.issuerV2 ?? null,
          sourceRepositoryUri: a.envelope.certificate.sourceRepositoryUri ?? null,
          sourceRepositoryRef: a.envelope.certificate.sourceRepositoryRef ?? null,
          commit: a.envelope.certificate.sourceRepositoryDigest ?? null,
          logIndex: a.envelope.logIndex ?? null,
          integratedTime: a.envelope.signingTime?.toISOString() ?? null,
        },
      })),
      checks: v.checks.length > 0 || !v.error ? v.checks : [{ id: 'evidence', status: 'fail', code: v.error.code, message: v.error.message }],
    })),
  };
  out.write(jsonDocument(document));
}

function errorJson(error: VerifyError | undefined) {
  return error ? { code: error.code, message: error.message } : null;
}
