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
import { DEFAULT_INDEX_URL, describeFetch, fetchTreeEvidence, type EvidenceSources } from './fetch-evidence.js';
import type { LockedPackage } from './locked-package.js';
import { authorizationFor, DEFAULT_NPM_CONFIG } from '../npm/registry-config.js';
import { DEFAULT_HTTP_OPTIONS, HttpClient, type HttpClientOptions } from '../net/http-client.js';
import { openEvidenceFetcher } from '../net/evidence-dir.js';

export interface VerifyLockfileRequest {
  lockfile: string;
  /** Tarballs / distributions at hand; undefined: verify by the lockfile's digests from the registry's evidence. */
  artifactsDir: string | undefined;
  /** May the command open connections (default never: a library call stays offline). */
  network?: 'never' | 'allowed';
  /** Where npm and Python evidence is asked for (the CLI reads .npmrc and --index-url). */
  sources?: Partial<EvidenceSources>;
  /** Stores every fetched document (with network), or is the only source (without). */
  evidenceDir?: string;
  /** Replaces the HTTP client's settings (tests: short timeouts). */
  http?: Partial<HttpClientOptions>;
  /** Told, before anything is fetched, what will be fetched from where (one line). */
  announce?(line: string): void;
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
    const progress = request.progress(packages.length);
    try {
      const setup = {
        dir: request.artifactsDir ?? '',
        names,
        policy,
        trustedRootPath: request.trustedRootPath,
        registryKeysPath: request.registryKeysPath,
        testing: request.testing,
        tofu: pins !== undefined,
      };
      report.packages = await judgeAll(judged, setup, (label) => progress.tick(label));
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


/**
 * Without --artifacts every package is verified from the registry's (or
 * index's) evidence, by the lockfile's digests: fetched with the network
 * allowed (stored in --evidence-dir when given), or read from --evidence-dir
 * alone when not. With neither the command cannot run as asked.
 */
export async function fetchEvidence(
  packages: readonly LockedPackage[],
  request: Pick<VerifyLockfileRequest, 'network' | 'sources' | 'evidenceDir' | 'http' | 'announce'>,
): Promise<LockedPackage[]> {
  const sources: EvidenceSources = { npm: request.sources?.npm ?? DEFAULT_NPM_CONFIG, indexUrl: request.sources?.indexUrl ?? DEFAULT_INDEX_URL };
  const online = request.network === 'allowed';
  if (!online && request.evidenceDir === undefined) {
    throw new VerifyError('ErrorUsage', 'the network is off (--offline): give --artifacts DIR with the tarballs and attestations, or --evidence-dir DIR prepared by `slsa-verify fetch`');
  }
  const client = online ? new HttpClient({ ...DEFAULT_HTTP_OPTIONS, ...request.http, credentials: (url) => authorizationFor(sources.npm, url) }) : undefined;
  const fetcher = await openEvidenceFetcher(client, request.evidenceDir);
  if (online) request.announce?.(describeFetch(packages, sources));
  try {
    return await fetchTreeEvidence(packages, sources, fetcher);
  } finally {
    await fetcher.close();
  }
}
