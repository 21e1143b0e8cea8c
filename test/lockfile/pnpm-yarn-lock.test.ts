import { describe, expect, it } from 'vitest';
import { parsePnpmLock } from '../../src/lockfile/pnpm-lock.js';
import { parseYarnBerryLock, parseYarnLock } from '../../src/lockfile/yarn-lock.js';
import { codeOf } from '../support/code-of.js';

const SRI = `sha512-${Buffer.alloc(64, 1).toString('base64')}`;
const OTHER = `sha512-${Buffer.alloc(64, 2).toString('base64')}`;
const pnpm = (entries: string, version = '9.0') => `lockfileVersion: '${version}'\npackages:\n${entries}`;

describe('parsePnpmLock', () => {
  it('reads v6 keys (leading slash, peer suffixes: one package) and v9 keys, scoped names included', () => {
    const v6 = parsePnpmLock(pnpm(`  /a@1.0.0(react@18.0.0):\n    resolution: {integrity: ${SRI}}\n  /a@1.0.0(react@17.0.0):\n    resolution: {integrity: ${SRI}}\n  /@s/b@2.0.0:\n    resolution: {integrity: ${SRI}}\n`, '6.0'), 'pnpm-lock.yaml');
    expect(v6.map((p) => [p.name, p.version, p.files?.[0]])).toEqual([['a', '1.0.0', 'a-1.0.0.tgz'], ['@s/b', '2.0.0', 's-b-2.0.0.tgz']]);
    const v9 = parsePnpmLock(pnpm(`  '@s/b@2.0.0':\n    resolution: {integrity: ${SRI}, tarball: 'https://npm.example.com/@s/b/-/b-2.0.0.tgz'}\n`), 'pnpm-lock.yaml');
    expect(v9[0]).toMatchObject({ name: '@s/b', version: '2.0.0', resolved: 'https://npm.example.com/@s/b/-/b-2.0.0.tgz' });
  });

  it('keeps __proto__ and constructor as ordinary names (no registry evidence without a version)', () => {
    const list = parsePnpmLock(pnpm(`  __proto__:\n    resolution: {integrity: ${SRI}}\n  constructor@1.0.0:\n    resolution: {integrity: ${SRI}}\n`), 'l');
    expect(list.map((p) => [p.name, p.unverifiable === undefined])).toEqual([['__proto__', false], ['constructor', true]]);
  });

  it('refuses one package locked twice with different integrities, and a tarball URL of another package', () => {
    expect(codeOf(() => parsePnpmLock(pnpm(`  /a@1.0.0(x@1.0.0):\n    resolution: {integrity: ${SRI}}\n  /a@1.0.0(x@2.0.0):\n    resolution: {integrity: ${OTHER}}\n`, '6.0'), 'l'))).toBe('ErrorUsage');
    expect(codeOf(() => parsePnpmLock(pnpm(`  a@1.0.0:\n    resolution: {integrity: ${SRI}, tarball: 'https://npm.example.com/b/-/b-1.0.0.tgz'}\n`), 'l'))).toBe('ErrorMismatchPackageName');
    expect(codeOf(() => parsePnpmLock(pnpm(`  a@1.0.0:\n    resolution: {integrity: ${SRI}, tarball: 'https://npm.example.com/a/-/a-1.0.1.tgz'}\n`), 'l'))).toBe('ErrorMismatchPackageVersion');
    expect(codeOf(() => parsePnpmLock(pnpm(`  a@1.0.0:\n    resolution: {}\n`), 'l'))).toBe('ErrorInvalidHash');
  });
});

describe('parseYarnLock', () => {
  const block = (key: string, name: string, version: string, integrity = SRI) =>
    `${key}:\n  version "${version}"\n  resolved "https://registry.yarnpkg.com/${name}/-/${name.replace(/^@[^/]+\//, '')}-${version}.tgz#abc"\n  integrity ${integrity}\n\n`;

  it('reads several ranges of one block as one package, an npm: alias as the real package, and drops the sha1 fragment', () => {
    const list = parseYarnLock(`# yarn lockfile v1\n\n${block('a@^1.0.0, a@~1.0.0', 'a', '1.0.0')}${block('"local@npm:@s/real@^2"', '@s/real', '2.0.0')}`, 'yarn.lock');
    expect(list.map((p) => [p.name, p.version, p.resolved])).toEqual([
      ['a', '1.0.0', 'https://registry.yarnpkg.com/a/-/a-1.0.0.tgz'],
      ['@s/real', '2.0.0', 'https://registry.yarnpkg.com/@s/real/-/real-2.0.0.tgz'],
    ]);
  });

  it('refuses two ranges resolving one version to different integrities, a key repeated in a block list', () => {
    expect(codeOf(() => parseYarnLock(`# yarn lockfile v1\n\n${block('a@^1.0.0', 'a', '1.0.0')}${block('a@~1.0.0', 'a', '1.0.0', OTHER)}`, 'l'))).toBe('ErrorUsage');
    expect(codeOf(() => parseYarnLock(`# yarn lockfile v1\n\n${block('a@^1.0.0, a@^1.0.0', 'a', '1.0.0')}`, 'l'))).toBe('ErrorUsage');
    // A registry range with its resolved line removed is not a local package to wave through.
    expect(codeOf(() => parseYarnLock(`# yarn lockfile v1\n\na@^1.0.0:\n  version "1.0.0"\n  integrity ${SRI}\n\n`, 'l'))).toBe('ErrorUsage');
  });
});

describe('parseYarnBerryLock', () => {
  it('lists npm packages as unpinned, and workspace, patch or git resolutions as without registry evidence', () => {
    const text = `__metadata:\n  version: 8\n\n"a@npm:^1.0.0":\n  version: 1.0.0\n  resolution: "a@npm:1.0.0"\n  checksum: 10c0/00\n\n"app@workspace:.":\n  version: 0.0.0-use.local\n  resolution: "app@workspace:."\n\n"g@https://github.com/x/g.git#commit=abc":\n  version: 2.0.0\n  resolution: "g@https://github.com/x/g.git#commit=abc"\n`;
    const list = parseYarnBerryLock(text, 'yarn.lock');
    expect(list.map((p) => [p.name, p.unpinned !== undefined, p.unverifiable !== undefined])).toEqual([
      ['a', true, false],
      ['app', false, true],
      ['g', false, true],
    ]);
  });
});
