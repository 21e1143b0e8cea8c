import { asVerifyError } from '../errors/index.js';
import { fetchNpmEvidence, fetchRegistryKeys, type NpmRegistryEvidence } from '../npm/fetch-evidence.js';
import { registryFor, type NpmRegistryConfig } from '../npm/registry-config.js';
import type { Fetcher } from '../net/fetcher.js';
import { fetchPypiEvidence } from '../pypi/fetch-evidence.js';
import type { FetchedEvidence, LockedPackage } from './locked-package.js';

export const DEFAULT_INDEX_URL = 'https://pypi.org/simple/';

export interface EvidenceSources {
  npm: NpmRegistryConfig;
  /** The Simple API base, as pip's --index-url, ending in "/". */
  indexUrl: string;
}

/** Where each package's evidence will be asked for: a registry or index base URL per package. */
export function sourceOf(pkg: LockedPackage, sources: EvidenceSources): string {
  return pkg.ecosystem === 'npm' ? registryFor(sources.npm, pkg.name, pkg.resolved) : sources.indexUrl;
}

/** One line for stderr: what is fetched from where. */
export function describeFetch(packages: readonly LockedPackage[], sources: EvidenceSources): string {
  const counts = new Map<string, number>();
  const fetched = packages.filter((p) => p.notFromRegistry === undefined);
  for (const p of fetched) {
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
  return `Fetching ${what} of ${fetched.length} package${fetched.length === 1 ? '' : 's'} from ${list}`;
}

/**
 * Every package's evidence, fetched concurrently (the fetcher bounds how
 * many requests are in flight). A package whose evidence cannot be had is
 * marked so, with the reason, and fails on its own: one unreachable registry
 * does not hide the verdicts of the others.
 */
export async function fetchTreeEvidence(
  packages: readonly LockedPackage[],
  sources: EvidenceSources,
  fetcher: Fetcher,
  tick?: (label: string) => void,
  options: { registryKeys?: boolean } = {},
): Promise<LockedPackage[]> {
  // Each npm registry's key list, asked once (unless the user gave the keys): it verifies that registry's signatures.
  const keyLists = new Map<string, Promise<unknown>>();
  const keysOf = (registry: string): Promise<unknown> => {
    let list = keyLists.get(registry);
    if (!list) {
      list = fetchRegistryKeys(fetcher, registry);
      list.catch(() => undefined);
      keyLists.set(registry, list);
    }
    return list;
  };
  return Promise.all(
    packages.map(async (pkg): Promise<LockedPackage> => {
      // Nothing on a registry to ask for: the judge applies the policy's missingProvenance.
      if (pkg.notFromRegistry !== undefined) {
        tick?.(`${pkg.name}@${pkg.version}`);
        return pkg;
      }
      let evidence: FetchedEvidence;
      try {
        evidence =
          pkg.ecosystem === 'npm'
            ? await fetchNpmWithKeys(fetcher, sourceOf(pkg, sources), pkg, options.registryKeys === true ? keysOf : undefined)
            : await fetchPypiEvidence(fetcher, sources.indexUrl, pkg.name, pkg.version, { files: pkg.files, sha256: pkg.digests.sha256 ?? [], fileDigests: pkg.fileDigests });
      } catch (err) {
        const error = asVerifyError(err).withContext(`${pkg.name}@${pkg.version}`);
        evidence = { kind: 'unavailable', code: error.code, message: error.message };
      }
      tick?.(`${pkg.name}@${pkg.version}`);
      return { ...pkg, evidence };
    }),
  );
}

async function fetchNpmWithKeys(fetcher: Fetcher, registry: string, pkg: LockedPackage, keysOf: ((registry: string) => Promise<unknown>) | undefined): Promise<NpmRegistryEvidence> {
  const [evidence, registryKeys] = await Promise.all([fetchNpmEvidence(fetcher, registry, pkg.name, pkg.version), keysOf?.(registry)]);
  return registryKeys === undefined ? evidence : { ...evidence, registryKeys };
}
