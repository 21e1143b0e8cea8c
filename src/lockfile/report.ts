import type { VerifyError } from '../errors/index.js';
import type { PackageResult } from './package-result.js';

export interface LockfileReport {
  lockfile: string;
  /** Run-level failure: nothing (or not everything) could be judged. */
  error: VerifyError | undefined;
  packages: PackageResult[];
}

export function lockfilePassed(report: LockfileReport): boolean {
  return report.error === undefined && report.packages.every((p) => p.status !== 'failed');
}

/** What is ticked: each package's evidence fetched, then each package verified. */
export type ProgressPhase = 'fetch' | 'verify';

/** Told the package count once the lockfile is read; ticked per package (the CLI draws a bar). */
export interface Progress {
  tick(label: string): void;
  done(): void;
}
