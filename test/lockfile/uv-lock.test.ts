import { describe, expect, it } from 'vitest';
import { parseUvLock } from '../../src/lockfile/uv-lock.js';
import { codeOf } from '../support/code-of.js';

const A = 'a'.repeat(64);
const B = 'b'.repeat(64);
const HEAD = 'version = 1\nrevision = 2\nrequires-python = ">=3.12"\n\n';

describe('parseUvLock', () => {
  it('reads sdist and wheels by URL file name, the registry as the index (the public one left to --index-url), and leaves the workspace out', () => {
    const text = `${HEAD}[manifest]
members = ["app", "lib"]

[[package]]
name = "app"
version = "0.1.0"
source = { editable = "." }

[[package]]
name = "lib"
version = "0.1.0"
source = { editable = "packages/lib" }

[[package]]
name = "anyio"
version = "4.8.0"
source = { registry = "https://pypi.org/simple" }
sdist = { url = "https://files.pythonhosted.org/packages/aa/anyio-4.8.0.tar.gz", hash = "sha256:${A}", size = 1 }
wheels = [{ url = "https://files.pythonhosted.org/packages/bb/anyio-4.8.0-py3-none-any.whl", hash = "sha256:${B}", size = 2 }]

[[package]]
name = "private"
version = "2.0"
source = { registry = "https://pypi.internal.example/simple/" }
wheels = [{ url = "https://pypi.internal.example/files/private-2.0-py3-none-any.whl", hash = "sha256:${A}" }]
`;
    const [anyio, priv] = parseUvLock(text, 'uv.lock');
    expect(anyio).toMatchObject({ name: 'anyio', files: ['anyio-4.8.0.tar.gz', 'anyio-4.8.0-py3-none-any.whl'] });
    expect(anyio!.index).toBeUndefined();
    expect(priv).toMatchObject({ name: 'private', index: 'https://pypi.internal.example/simple/' });
    expect(parseUvLock(text, 'uv.lock')).toHaveLength(2);
  });

  it('leaves out only the workspace members the manifest names (or, without one, the project at "."): another editable is unverifiable', () => {
    const withManifest = `${HEAD}[manifest]\nmembers = ["app"]\n\n[[package]]\nname = "app"\nversion = "0.1.0"\nsource = { editable = "." }\n\n[[package]]\nname = "requests"\nversion = "2.0"\nsource = { editable = "." }\n`;
    expect(parseUvLock(withManifest, 'uv.lock').map((p) => [p.name, p.unverifiable !== undefined])).toEqual([['requests', true]]);
    const noManifest = `${HEAD}[[package]]\nname = "lib"\nversion = "0.1.0"\nsource = { virtual = "packages/lib" }\n`;
    expect(parseUvLock(noManifest, 'uv.lock')[0]?.unverifiable).toBeDefined();
  });

  it('git, path, directory, url, an editable outside the workspace and a local registry are unverifiable', () => {
    for (const source of ['{ git = "https://github.com/o/r?rev=v1#abc" }', '{ path = "../x-1.0.tar.gz" }', '{ directory = "../x" }', '{ url = "https://example.invalid/x-1.0.tar.gz" }', '{ editable = "../x" }', '{ registry = "../wheels" }']) {
      const [p] = parseUvLock(`${HEAD}[[package]]\nname = "x"\nversion = "1.0"\nsource = ${source}\n`, 'uv.lock');
      expect(p?.unverifiable, source).toBeDefined();
    }
  });

  it('refuses (ErrorUsage) a file without hash, a sha512 hash, a source naming two kinds, credentials in the registry, a wrong version, another project\'s file', () => {
    const pkg = (source: string, wheel: string) => `${HEAD}[[package]]\nname = "x"\nversion = "1.0"\nsource = ${source}\nwheels = [${wheel}]\n`;
    const reg = '{ registry = "https://pypi.org/simple" }';
    for (const text of [
      pkg(reg, '{ url = "https://f.example/x-1.0-py3-none-any.whl" }'),
      pkg(reg, `{ url = "https://f.example/x-1.0-py3-none-any.whl", hash = "sha512:${A}${A}" }`),
      pkg('{ registry = "https://pypi.org/simple", git = "https://g.example/x" }', `{ url = "https://f.example/x-1.0-py3-none-any.whl", hash = "sha256:${A}" }`),
      pkg('{ registry = "https://u:p@pypi.internal.example/simple" }', `{ url = "https://f.example/x-1.0-py3-none-any.whl", hash = "sha256:${A}" }`),
      pkg(reg, `{ url = "https://f.example/y-1.0-py3-none-any.whl", hash = "sha256:${A}" }`),
      pkg(reg, `{ url = "https://f.example/x-1.0-py3-none-any.whl", hash = "sha256:${A}" }, { url = "https://f.example/x-1.0-py3-none-any.whl", hash = "sha256:${B}" }`),
      pkg(reg, `{ url = "https://f.example/%E0%A4%A-1.0-py3-none-any.whl", hash = "sha256:${A}" }`),
      `version = 2\n[[package]]\nname = "x"\n`,
    ]) {
      expect(codeOf(() => parseUvLock(text, 'uv.lock')), text).toBe('ErrorUsage');
    }
  });
});
