import { describe, expect, it } from 'vitest';
import { parseNpmLock } from '../../src/lockfile/npm-lock.js';
import { sriSha512 } from '../../src/lockfile/sri.js';
import { npmTarballName } from '../../src/lockfile/tarball-name.js';
import { codeOf } from '../support/code-of.js';

const SRI = `sha512-${Buffer.alloc(64, 1).toString('base64')}`;
const entry = { version: '1.0.0', resolved: 'https://registry.npmjs.org/x/-/x-1.0.0.tgz', integrity: SRI };

describe('parseNpmLock', () => {
  it('lists installed packages (nested, scoped, aliased) and skips the root, links and bundled dependencies', () => {
    const list = parseNpmLock(
      {
        lockfileVersion: 3,
        packages: {
          '': { name: 'app' },
          'node_modules/a': entry,
          'node_modules/a/node_modules/@s/b': { ...entry, version: '2.0.0' },
          'node_modules/alias': { ...entry, name: 'real' },
          'node_modules/ws': { link: true, resolved: 'packages/ws' },
          'node_modules/in': { version: '1.0.0', inBundle: true },
          'packages/ws': { version: '0.0.0' },
        },
      },
      'package-lock.json',
    );
    expect(list.map((p) => [p.name, p.version, p.files?.[0]])).toEqual([
      ['a', '1.0.0', 'a-1.0.0.tgz'],
      ['@s/b', '2.0.0', 's-b-2.0.0.tgz'],
      ['real', '1.0.0', 'real-1.0.0.tgz'],
    ]);
    expect(list[0]?.digests.sha512).toEqual([Buffer.alloc(64, 1).toString('hex')]);
  });

  it('refuses lockfile v1, entries without integrity, one package locked twice differently', () => {
    expect(codeOf(() => parseNpmLock({ lockfileVersion: 1, dependencies: {} }, 'l'))).toBe('ErrorUsage');
    expect(codeOf(() => parseNpmLock({ lockfileVersion: 2, packages: { 'node_modules/a': { version: '1.0.0' } } }, 'l'))).toBe('ErrorUsage');
    const other = `sha512-${Buffer.alloc(64, 2).toString('base64')}`;
    expect(codeOf(() => parseNpmLock({ lockfileVersion: 3, packages: { 'node_modules/a': entry, 'node_modules/b/node_modules/a': { ...entry, integrity: other } } }, 'l'))).toBe('ErrorUsage');
    // The same digests in another order are one tarball; npm names are exact, so A is not a.
    const both = `${SRI} ${other}`;
    const reversed = `${other} ${SRI}`;
    expect(parseNpmLock({ lockfileVersion: 3, packages: { 'node_modules/a': { ...entry, integrity: both }, 'node_modules/b/node_modules/a': { ...entry, integrity: reversed } } }, 'l')).toHaveLength(1);
    expect(parseNpmLock({ lockfileVersion: 3, packages: { 'node_modules/a': entry, 'node_modules/A': { ...entry, integrity: other } } }, 'l')).toHaveLength(2);
  });
});

describe('parseNpmLock: dependencies that are not on a registry', () => {
  it('keeps git and file: entries, marked as having no registry evidence', () => {
    const list = parseNpmLock(
      {
        lockfileVersion: 3,
        packages: {
          'node_modules/a': entry,
          'node_modules/g': { version: '1.0.0', resolved: 'git+ssh://git@github.com/x/g.git#0123456789abcdef0123456789abcdef01234567' },
          'node_modules/f': { version: '0.1.0', resolved: 'file:../f-0.1.0.tgz', integrity: SRI },
        },
      },
      'package-lock.json',
    );
    expect(list.map((p) => [p.name, p.unverifiable?.split(' (')[0]])).toEqual([
      ['a', undefined],
      ['g', 'a git dependency'],
      ['f', 'a local file'],
    ]);
  });
});

describe('sriSha512', () => {
  it('keeps sha512 entries and refuses sha1-only or truncated digests (ErrorInvalidHash)', () => {
    expect(sriSha512(`sha1-AAAA ${SRI}`, 'x')).toHaveLength(1);
    expect(codeOf(() => sriSha512('sha1-2jmj7l5rSw0yVb/vlWAYkK/YBwk=', 'x'))).toBe('ErrorInvalidHash');
    expect(codeOf(() => sriSha512('sha512-AAAA', 'x'))).toBe('ErrorInvalidHash');
  });
});

describe('npmTarballName', () => {
  it('names tarballs as npm pack does and refuses path tricks (ErrorInvalidPackageName)', () => {
    expect(npmTarballName('@scope/name', '1.2.3')).toBe('scope-name-1.2.3.tgz');
    expect(npmTarballName('name', '1.2.3-rc.1')).toBe('name-1.2.3-rc.1.tgz');
    expect(codeOf(() => npmTarballName('../etc', '1.0.0'))).toBe('ErrorInvalidPackageName');
    expect(codeOf(() => npmTarballName('a', '1/../../x'))).toBe('ErrorInvalidPackageName');
  });
});
