import { asVerifyError, VerifyError } from '../errors/index.js';
import type { HttpClientOptions } from '../net/http-client.js';
import type { EvidenceSources } from './fetch-evidence.js';
import { readLockfile } from './read-lockfile.js';
import { fetchEvidence } from './verify-lockfile.js';

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
      } else report.stored += 1;
    }
  } catch (err) {
    report.error = asVerifyError(err);
  }
  return report;
}
