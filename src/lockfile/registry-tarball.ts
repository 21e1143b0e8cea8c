import { VerifyError } from '../errors/index.js';

/**
 * A registry tarball URL is `BASE/NAME/-/BASENAME-VERSION.tgz` (BASENAME is
 * the name without its scope). Whether `url` is one, and if so for which
 * package: a lockfile entry whose URL names another package or version than
 * the entry says is two claims that disagree, refused here.
 */
export function checkRegistryTarball(name: string, version: string, url: string, origin: string): 'registry' | 'other' {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'other';
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return 'other';
  const path = decodeURIComponent(parsed.pathname);
  const match = /\/((?:@[^/]+\/)?[^/@]+)\/-\/([^/]+)\.tgz$/.exec(path);
  if (!match) return 'other';
  const [, urlName, file] = match as unknown as [string, string, string];
  if (urlName !== name) {
    throw new VerifyError('ErrorMismatchPackageName', `${origin}: the entry is ${name}, but its tarball URL is of ${urlName.slice(0, 100)}`, { expected: name, actual: urlName });
  }
  const expected = `${name.replace(/^@[^/]+\//, '')}-${version}`;
  if (file !== expected) {
    throw new VerifyError('ErrorMismatchPackageVersion', `${origin}: the entry is ${name}@${version}, but its tarball URL is ${file.slice(0, 100)}.tgz`, { expected: version, actual: file });
  }
  return 'registry';
}
