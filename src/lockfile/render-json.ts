import type { VerifyError } from '../errors/index.js';
import { lockfilePassed, type LockfileReport } from './verify-lockfile.js';
import { jsonDocument } from '../report/escape-text.js';

function errorJson(e: VerifyError | undefined): { code: string; message: string } | null {
  return e ? { code: e.code, message: e.message } : null;
}

/** `--format json` (schemaVersion 1): the verdict, then one entry per locked package. */
export function renderLockfileJson(report: LockfileReport): string {
  const firstFailure = report.error ?? report.packages.find((p) => p.status === 'failed')?.error;
  const document = {
    schemaVersion: 1,
    command: 'verify-lockfile',
    lockfile: report.lockfile,
    verdict: lockfilePassed(report) ? 'PASSED' : 'FAILED',
    error: errorJson(firstFailure),
    packages: report.packages.map((p) => ({
      ecosystem: p.ecosystem,
      name: p.name,
      version: p.version,
      files: p.files,
      result: p.status,
      error: errorJson(p.error),
      note: p.note ?? null,
      publisher: p.publisher ?? null,
      pin: p.pin ?? null,
    })),
  };
  return jsonDocument(document);
}
