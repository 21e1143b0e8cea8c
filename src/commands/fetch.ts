import { asVerifyError, VerifyError } from '../errors/index.js';
import type { HttpClientOptions } from '../net/http-client.js';
import type { EvidenceSources } from '../lockfile/fetch-evidence.js';
import { readLockfile } from '../lockfile/read-lockfile.js';
import { fetchEvidence } from '../lockfile/fetch-tree.js';
import { errorJson, verdictOf } from '../report/json.js';
import type { FetchReport } from '../report/schema.js';

export interface PrepareEvidenceRequest {
  lockfile: string;
  evidenceDir: string;
  network?: 'never' | 'allowed';
  sources?: Partial<EvidenceSources>;
  http?: Partial<HttpClientOptions>;
  announce?(line: string): void;
}

export interface PrepareEvidenceReport {
  lockfile: string;
  evidenceDir: string;
  error: VerifyError | undefined;
  /** Packages whose evidence was stored. */
  stored: number;
  /** Packages whose evidence could not be had, with why. */
  unavailable: { name: string; version: string; error: VerifyError }[];
}

/**
 * `slsa-verify fetch LOCKFILE --evidence-dir DIR`: on a connected machine,
 * fetch and store every document verify-lockfile will need, so that an
 * air-gapped one can run `verify-lockfile --evidence-dir DIR --offline`.
 * Nothing is judged here (the documents are judged where they are used).
 */
export async function prepareEvidence(request: PrepareEvidenceRequest): Promise<PrepareEvidenceReport> {
  const report: PrepareEvidenceReport = { lockfile: request.lockfile, evidenceDir: request.evidenceDir, error: undefined, stored: 0, unavailable: [] };
  try {
    if (request.network !== 'allowed') throw new VerifyError('ErrorUsage', 'fetch needs the network (it prepares --evidence-dir for an offline run)');
    const packages = await readLockfile(request.lockfile);
    if (packages.length === 0) throw new VerifyError('ErrorNotPresent', `${request.lockfile} locks no package`);
    const fetched = await fetchEvidence(packages, request);
    for (const p of fetched) {
      if (p.evidence?.kind === 'unavailable') {
        const error = new VerifyError(p.evidence.code);
        error.message = p.evidence.message;
        report.unavailable.push({ name: p.name, version: p.version, error });
      } else if (p.evidence !== undefined) report.stored += 1;
    }
  } catch (err) {
    report.error = asVerifyError(err);
  }
  return report;
}

/** `--format json` (schemaVersion 1): what was stored, and each package whose evidence could not be had. */
export function fetchReport(report: PrepareEvidenceReport): FetchReport {
  const errors = [report.error, ...report.unavailable.map((u) => u.error)].filter((e) => e !== undefined);
  return {
    schemaVersion: 1,
    command: 'fetch',
    lockfile: report.lockfile,
    evidenceDir: report.evidenceDir,
    verdict: verdictOf(errors.length === 0),
    error: errorJson(errors[0]),
    stored: report.stored,
    unavailable: report.unavailable.map((u) => ({ name: u.name, version: u.version, error: errorJson(u.error)! })),
  };
}
