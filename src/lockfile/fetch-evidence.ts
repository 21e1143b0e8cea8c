import { asVerifyError } from '../errors/index.js';
import { fetchNpmEvidence } from '../npm/fetch-evidence.js';
import { registryFor, type NpmRegistryConfig } from '../npm/registry-config.js';
import type { Fetcher } from '../net/fetcher.js';
import { fetchPypiEvidence } from '../pypi/fetch-evidence.js';
import { PUBLIC_PYPI_INDEX } from '../pypi/index-url.js';
import type { FetchedEvidence, LockedPackage } from './locked-package.js';

export const DEFAULT_INDEX_URL = PUBLIC_PYPI_INDEX;

export interface EvidenceSources {
  npm: NpmRegistryConfig;
  /** The Simple API base, as pip's --index-url, ending in "/". */
  indexUrl: string;
  /** The credentials --index-url carried (src/pypi/index-url.ts), for its origin only. */
  indexAuthorization?: string | undefined;
}

/** Where each package's evidence will be asked for: a registry or index base URL per package. */
export function sourceOf(pkg: LockedPackage, sources: EvidenceSources): string {
  if (pkg.ecosystem === 'npm') return registryFor(sources.npm, pkg.name, pkg.resolved);
  // Parsers leave out the public index (--index-url replaces it); another index a lockfile names is asked itself.
  return pkg.index ?? sources.indexUrl;
}

/** One line for stderr: what is fetched from where. */
export function describeFetch(all: readonly LockedPackage[], sources: EvidenceSources): string {
  // A package no index can attest is not asked about.
  const packages = all.filter((p) => p.unverifiable === undefined);
  const counts = new Map<string, number>();
  for (const p of packages) {
    let where: string;
    try {
      where = sourceOf(p, sources);
    } catch {
      where = '(invalid registry)';
    }
    counts.set(where, (counts.get(where) ?? 0) + 1);
  }
  const what = packages[0]?.ecosystem === 'npm' ? 'package documents and attestations' : 'index pages and PEP 740 provenance';
  const list = [...counts].map(([where, n]) => `${where} (${n})`).join(', ');
  return `Fetching ${what} of ${packages.length} package${packages.length === 1 ? '' : 's'} from ${list}`;
}

/**
 * Every package's evidence, fetched concurrently (the fetcher bounds how
 * many requests are in flight). A package whose evidence cannot be had is
 * marked so, with the reason, and fails on its own: one unreachable registry
 * does not hide the verdicts of the others.
 */
export async function fetchTreeEvidence(packages: readonly LockedPackage[], sources: EvidenceSources, fetcher: Fetcher, tick?: () => void): Promise<LockedPackage[]> {
  return Promise.all(
    packages.map(async (pkg): Promise<LockedPackage> => {
      // No index can attest it: nothing to fetch (judged by the policy's missingProvenance).
      if (pkg.unverifiable !== undefined) return pkg;
      let evidence: FetchedEvidence;
      try {
        evidence =
          pkg.ecosystem === 'npm'
            ? await fetchNpmEvidence(fetcher, sourceOf(pkg, sources), pkg.name, pkg.version)
            : await fetchPypiEvidence(fetcher, sourceOf(pkg, sources), pkg.name, pkg.version, { files: pkg.files, sha256: pkg.digests.sha256 ?? [], fileDigests: pkg.fileDigests });
      } catch (err) {
        const error = asVerifyError(err).withContext(`${pkg.name}@${pkg.version}`);
        evidence = { kind: 'unavailable', code: error.code, message: error.message };
      }
      tick?.();
      return { ...pkg, evidence };
    }),
  );
}
