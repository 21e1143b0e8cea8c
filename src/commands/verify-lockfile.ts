import { readdir } from 'node:fs/promises';
import { asVerifyError, VerifyError } from '../errors/index.js';
import { applyPins } from '../pins/apply-pins.js';
import { loadPins, savePins } from '../pins/pins-file.js';
import { loadPolicy } from '../policy/load-policy.js';
import type { PolicyFile } from '../policy/schema.js';
import { readLockfile } from '../lockfile/read-lockfile.js';
import { lockfilePassed, type LockfileReport, type Progress } from '../lockfile/report.js';
import { judgeAll } from '../lockfile/verify-pool.js';
import { fetchEvidence } from '../lockfile/fetch-tree.js';
import type { EvidenceSources } from '../lockfile/fetch-evidence.js';
import type { HttpClientOptions } from '../net/http-client.js';
import { throwIfCannotRun } from '../report/failure.js';
import { errorJson, verdictOf } from '../report/json.js';
import type { VerifyLockfileReport } from '../report/schema.js';
import type { VerifyLockfileRequest } from './requests.js';

/** What the CLI adds to a request: where npm and Python evidence is asked for (.npmrc, --index-url), HTTP limits (tests). */
export interface LockfileRun extends VerifyLockfileRequest {
  sources?: Partial<EvidenceSources> | undefined;
  http?: Partial<HttpClientOptions> | undefined;
}

const QUIET: Progress = { tick: () => undefined, done: () => undefined };

/** Without --policy nothing names a source: every package is missing provenance, which fails (require). */
const EMPTY_POLICY: PolicyFile = { version: 1 };

/**
 * verify-lockfile: the lockfile, policy, pins and trust material are read
 * once for the whole tree; then each package is judged on its own, in
 * lockfile order, and the pins applied to the verdicts.
 */
export async function runVerifyLockfile(request: LockfileRun): Promise<LockfileReport> {
  const report: LockfileReport = { lockfile: request.lockfile, error: undefined, packages: [] };
  try {
    const packages = await readLockfile(request.lockfile);
    // Never a pass when nothing was verified.
    if (packages.length === 0) throw new VerifyError('ErrorNotPresent', `${request.lockfile} locks no package`);
    const policy = request.policyPath === undefined ? EMPTY_POLICY : await loadPolicy(request.policyPath);
    const pins = request.pinsPath === undefined ? undefined : await loadPins(request.pinsPath);
    let names: string[] = [];
    let judged = packages;
    if (request.artifactsDir !== undefined) {
      try {
        names = await readdir(request.artifactsDir);
      } catch (err) {
        throw new VerifyError('ErrorUnreadableFile', `--artifacts ${request.artifactsDir}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
      }
    } else {
      judged = await fetchEvidence(packages, request);
    }
    const progress = request.progress?.(packages.length, 'verify') ?? QUIET;
    try {
      const setup = {
        dir: request.artifactsDir ?? '',
        names,
        policy,
        trustedRootPath: request.trustedRootPath,
        registryKeysPath: request.registryKeysPath,
        testing: request.testing === true,
        tofu: pins !== undefined,
      };
      report.packages = await judgeAll(judged, setup, (label) => progress.tick(label));
    } finally {
      progress.done();
    }
    // Trust on first use records only what a passing run vouched for: a failed run leaves the pins file as it was.
    if (pins && request.pinsPath !== undefined && applyPins(report.packages, pins, request.updatePins === true) && lockfilePassed(report)) {
      await savePins(request.pinsPath, pins);
    }
  } catch (err) {
    report.error = asVerifyError(err);
  }
  return report;
}

/** `--format json` (schemaVersion 1): the verdict, then one entry per locked package. */
export function lockfileReport(report: LockfileReport): VerifyLockfileReport {
  const firstFailure = report.error ?? report.packages.find((p) => p.status === 'failed')?.error;
  return {
    schemaVersion: 1,
    command: 'verify-lockfile',
    lockfile: report.lockfile,
    verdict: verdictOf(lockfilePassed(report)),
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
}

/**
 * verify-lockfile: every locked package against its artifacts and provenance.
 * Throws a VerifyError when the run cannot start as asked (the CLI's exit 2);
 * a package that fails is in the report.
 */
export async function verifyLockfile(request: VerifyLockfileRequest): Promise<VerifyLockfileReport> {
  if (request.updatePins === true && request.pinsPath === undefined) throw new VerifyError('ErrorUsage', '--update-pins needs --pins FILE');
  const report = await runVerifyLockfile(request);
  throwIfCannotRun([report.error, ...report.packages.map((p) => p.error)].filter((e) => e !== undefined));
  return lockfileReport(report);
}

export type { VerifyLockfileRequest };
