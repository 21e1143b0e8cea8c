import { canonicalProject } from '../pypi/dist-filename.js';

/**
 * The identity a package is pinned under. PyPI names are canonical (PEP 503:
 * `Hello_Py` is `hello-py`, as pip treats them); npm names are lowercased, so
 * that case variants share one pin and a legacy capitalised twin must show
 * the publisher already pinned (npm has refused new names with capitals since
 * 2017). A key never names a second, unpinned identity for one package.
 */
export function pinKey(ecosystem: 'npm' | 'pypi', name: string): string {
  return ecosystem === 'pypi' ? `pypi:${canonicalProject(name)}` : `npm:${name.toLowerCase()}`;
}

/** `npm:NAME` / `pypi:NAME` -> its parts; undefined for anything else. */
export function parsePinKey(key: string): { ecosystem: 'npm' | 'pypi'; name: string } | undefined {
  const match = /^(npm|pypi):(.+)$/s.exec(key);
  return match ? { ecosystem: match[1] as 'npm' | 'pypi', name: match[2]! } : undefined;
}
