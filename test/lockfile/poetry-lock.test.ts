import { describe, expect, it } from 'vitest';
import { parsePoetryLock } from '../../src/lockfile/poetry-lock.js';
import { codeOf } from '../support/code-of.js';

const A = 'a'.repeat(64);
const B = 'b'.repeat(64);
const C = 'c'.repeat(64);
const META = '[metadata]\nlock-version = "2.1"\npython-versions = ">=3.9"\ncontent-hash = "x"\n';

describe('parsePoetryLock', () => {
  it('reads [[package]] files with their sha256, and a legacy source as the package index', () => {
    const text = `[[package]]
name = "Attrs"
version = "25.1.0"
files = [
    {file = "attrs-25.1.0-py3-none-any.whl", hash = "sha256:${A}"},
    {file = "attrs-25.1.0.tar.gz", hash = "sha256:${B.toUpperCase()}"},
]

[[package]]
name = "internal"
version = "1.0"
files = [{file = "internal-1.0-py3-none-any.whl", hash = "sha256:${C}"}]

[package.source]
type = "legacy"
url = "https://pypi.internal.example/simple"
reference = "internal"

${META}`;
    const [attrs, internal] = parsePoetryLock(text, 'poetry.lock');
    expect(attrs).toMatchObject({ name: 'Attrs', version: '25.1.0', files: ['attrs-25.1.0-py3-none-any.whl', 'attrs-25.1.0.tar.gz'] });
    expect(attrs!.index).toBeUndefined();
    expect(attrs!.fileDigests?.get('attrs-25.1.0.tar.gz')).toBe(B);
    expect(internal).toMatchObject({ index: 'https://pypi.internal.example/simple/' });
  });

  it('reads older locks: [metadata.files] by package name, each version its own files; both forms present must agree', () => {
    const legacy = `[[package]]
name = "six"
version = "1.16.0"

[[package]]
name = "six"
version = "1.15.0"

[metadata]
lock-version = "1.1"
python-versions = "*"
content-hash = "x"

[metadata.files]
Six = [
    {file = "six-1.16.0-py2.py3-none-any.whl", hash = "sha256:${A}"},
    {file = "six-1.15.0-py2.py3-none-any.whl", hash = "sha256:${B}"},
]
`;
    const locked = parsePoetryLock(legacy, 'poetry.lock');
    expect(locked.map((p) => [p.version, p.files])).toEqual([
      ['1.16.0', ['six-1.16.0-py2.py3-none-any.whl']],
      ['1.15.0', ['six-1.15.0-py2.py3-none-any.whl']],
    ]);
    const both = (hash: string) =>
      `[[package]]\nname = "six"\nversion = "1.16.0"\nfiles = [{file = "six-1.16.0-py2.py3-none-any.whl", hash = "sha256:${A}"}]\n\n[metadata]\nlock-version = "1.1"\ncontent-hash = "x"\n\n[metadata.files]\nsix = [{file = "six-1.16.0-py2.py3-none-any.whl", hash = "sha256:${hash}"}]\n`;
    expect(parsePoetryLock(both(A), 'poetry.lock')).toHaveLength(1);
    expect(codeOf(() => parsePoetryLock(both(B), 'poetry.lock'))).toBe('ErrorUsage');
  });

  it('a git, directory, file or url source is unverifiable (judged by missingProvenance), not refused', () => {
    for (const type of ['git', 'directory', 'file', 'url']) {
      const [p] = parsePoetryLock(`[[package]]\nname = "x"\nversion = "1.0"\nfiles = []\n\n[package.source]\ntype = "${type}"\nurl = "https://example.invalid/x"\n\n${META}`, 'poetry.lock');
      expect(p?.unverifiable, type).toContain(type);
    }
  });

  it('refuses (ErrorUsage) a package without files, another hash algorithm, a file of another version, a source URL with credentials, no [metadata]', () => {
    const pkg = (files: string, extra = '') => `[[package]]\nname = "x"\nversion = "1.0"\nfiles = [${files}]\n${extra}\n${META}`;
    for (const text of [
      pkg(''),
      pkg(`{file = "x-1.0.tar.gz", hash = "md5:00"}`),
      pkg(`{file = "x-1.1.tar.gz", hash = "sha256:${A}"}`),
      pkg(`{file = "x-1.0.tar.gz", hash = "sha256:${A}"}`, '[package.source]\ntype = "legacy"\nurl = "https://user:token@pypi.internal.example/simple"\n'),
      pkg(`{file = "x-1.0.tar.gz", hash = "sha256:${A}"}`, '[package.source]\ntype = "legacy"\n'),
      `[[package]]\nname = "x"\nversion = "1.0"\nfiles = [{file = "x-1.0.tar.gz", hash = "sha256:${A}"}]\n`,
      `${pkg(`{file = "x-1.0.tar.gz", hash = "sha256:${A}"}`)}\n[metadata]\nlock-version = "2.0"\n`,
      // A key no schema output can carry, a name pip would not accept (a terminal escape).
      `[[package]]\nname = "x"\nversion = "1.0"\n\n[metadata]\nlock-version = "1.1"\n\n[metadata.files]\n__proto__ = [{file = "x-1.0.tar.gz", hash = "sha256:${A}"}]\nx = [{file = "x-1.0.tar.gz", hash = "sha256:${A}"}]\n`,
      `[[package]]\nname = "x\\u001b[31m"\nversion = "1.0"\nfiles = [{file = "x-1.0.tar.gz", hash = "sha256:${A}"}]\n${META}`,
    ]) {
      expect(codeOf(() => parsePoetryLock(text, 'poetry.lock')), text).toBe('ErrorUsage');
    }
  });
});
