import { readdir } from 'node:fs/promises';
import { asVerifyError, VerifyError } from '../errors/index.js';
import { applyPins } from '../pins/apply-pins.js';
import { loadPins, savePins } from '../pins/pins-file.js';
import { loadPolicy } from '../policy/load-policy.js';
import type { PolicyFile } from '../policy/schema.js';
import type { Progress } from '../progress/progress-bar.js';
import type { PackageResult } from './package-result.js';
import { readLockfile } from './read-lockfile.js';
import { judgeAll } from './verify-pool.js';

export interface VerifyLockfileRequest {
  lockfile: string;
  artifactsDir: string;
  policyPath: string | undefined;
  pinsPath: string | undefined;
  updatePins: boolean;
  trustedRootPath: string | undefined;
  registryKeysPath: string | undefined;
  testing: boolean;
  /** Told the package count once the lockfile is read. */
  progress(total: number): Progress;
}

export interface LockfileReport {
  lockfile: string;
  /** Run-level failure: nothing (or not everything) could be judged. */
  error: VerifyError | undefined;
  packages: PackageResult[];
}

export function lockfilePassed(report: LockfileReport): boolean {
  return report.error === undefined && report.packages.every((p) => p.status !== 'failed');
}

/** Without --policy nothing names a source: every package is missing provenance, which fails (require). */
const EMPTY_POLICY: PolicyFile = { version: 1 };

/**
 * verify-lockfile: the lockfile, policy, pins and trust material are read
 * once for the whole tree; then each package is judged on its own, in
 * lockfile order, and the pins applied to the verdicts.
 */
export async function verifyLockfile(request: VerifyLockfileRequest): Promise<LockfileReport> {
  const report: LockfileReport = { lockfile: request.lockfile, error: undefined, packages: [] };
  try {
    const packages = await readLockfile(request.lockfile);
    // Never a pass when nothing was verified.
    if (packages.length === 0) throw new VerifyError('ErrorNotPresent', `${request.lockfile} locks no package`);
    const policy = request.policyPath === undefined ? EMPTY_POLICY : await loadPolicy(request.policyPath);
    const pins = request.pinsPath === undefined ? undefined : await loadPins(request.pinsPath);
    let names: string[];
    try {
      names = await readdir(request.artifactsDir);
    } catch (err) {
      throw new VerifyError('ErrorUnreadableFile', `--artifacts ${request.artifactsDir}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
    }
    const progress = request.progress(packages.length);
    try {
      const setup = { dir: request.artifactsDir, names, policy, trustedRootPath: request.trustedRootPath, registryKeysPath: request.registryKeysPath, testing: request.testing };
      report.packages = await judgeAll(packages, setup, (label) => progress.tick(label));
    } finally {
      progress.done();
    }
    // Trust on first use records only what a passing run vouched for: a failed run leaves the pins file as it was.
    if (pins && request.pinsPath !== undefined && applyPins(report.packages, pins, request.updatePins) && lockfilePassed(report)) {
      await savePins(request.pinsPath, pins);
    }
  } catch (err) {
    report.error = asVerifyError(err);
  }
  return report;
}

