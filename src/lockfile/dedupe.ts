import { VerifyError } from '../errors/index.js';
import { canonicalProject } from '../pypi/dist-filename.js';
import type { LockedPackage } from './locked-package.js';

/**
 * One package at one version listed several times (npm nests copies; a
 * requirements file may repeat a line) is checked once. Listed again with
 * other digests, the lockfile says two things about one artifact: refused.
 * PyPI names are compared canonically (`Hello_Py` is `hello-py`), npm names
 * exactly (each is its own tarball).
 */
export function dedupeLocked(list: readonly LockedPackage[]): LockedPackage[] {
  const seen = new Map<string, LockedPackage>();
  for (const p of list) {
    const name = p.ecosystem === 'pypi' ? canonicalProject(p.name) : p.name;
    const version = p.ecosystem === 'pypi' ? p.version.toLowerCase() : p.version;
    const key = `${name}@${version}`;
    const prior = seen.get(key);
    if (!prior) seen.set(key, p);
    else if (pinnedDigests(prior) !== pinnedDigests(p)) {
      throw new VerifyError('ErrorUsage', `${p.origin}: ${key} is locked twice with different digests (also at ${prior.origin})`);
    }
  }
  return [...seen.values()];
}

function pinnedDigests(p: LockedPackage): string {
  const sorted = (list: readonly string[] | undefined) => [...new Set(list ?? [])].sort().join(',');
  const files = p.fileDigests ? [...p.fileDigests].map(([f, d]) => `${f}=${d}`).sort().join(',') : '';
  return `${sorted(p.digests.sha512)};${sorted(p.digests.sha256)};${files};${p.index ?? ''};${p.unverifiable ?? ''}`;
}
