import { describe, expect, it } from 'vitest';
import { parsePipfileLock } from '../../src/lockfile/pipfile-lock.js';
import { codeOf } from '../support/code-of.js';

const A = 'a'.repeat(64);
const B = 'b'.repeat(64);
const lock = (body: object, sources: object[] = [{ name: 'pypi', url: 'https://pypi.org/simple', verify_ssl: true }]) =>
  JSON.stringify({ _meta: { 'pipfile-spec': 6, sources }, ...body });

describe('parsePipfileLock', () => {
  it('reads every category with its hashes (no file names), the index by name or the first source', () => {
    const text = lock(
      {
        default: { requests: { hashes: [`sha256:${A}`, `sha256:${B}`], index: 'pypi', version: '==2.32.3' } },
        develop: { pytest: { hashes: [`sha256:${B}`], version: '==8.3.4' } },
        docs: { sphinx: { hashes: [`sha256:${A}`], index: 'internal', version: '==8.1.3' } },
      },
      [
        { name: 'pypi', url: 'https://pypi.org/simple', verify_ssl: true },
        { name: 'internal', url: 'https://pypi.internal.example/simple', verify_ssl: true },
      ],
    );
    const [requests, pytest, sphinx] = parsePipfileLock(text, 'Pipfile.lock');
    expect(requests).toMatchObject({ name: 'requests', version: '2.32.3', files: undefined, digests: { sha256: [A, B] } });
    expect(requests!.index).toBeUndefined();
    expect(pytest!.index).toBeUndefined();
    expect(sphinx).toMatchObject({ index: 'https://pypi.internal.example/simple/' });
  });

  it('git, path, file and editable entries are unverifiable', () => {
    const text = lock({ default: { a: { git: 'https://github.com/o/a', ref: 'abc' }, b: { editable: true, path: '.' }, c: { file: 'https://example.invalid/c.tar.gz' } } });
    expect(parsePipfileLock(text, 'Pipfile.lock').map((p) => p.unverifiable !== undefined)).toEqual([true, true, true]);
  });

  it('refuses (ErrorUsage) an unknown index, a range version, no hashes, md5, credentials in a source, a duplicate key, no _meta', () => {
    for (const text of [
      lock({ default: { a: { hashes: [`sha256:${A}`], index: 'nope', version: '==1' } } }),
      lock({ default: { a: { hashes: [`sha256:${A}`], version: '>=1' } } }),
      lock({ default: { a: { hashes: [], version: '==1' } } }),
      lock({ default: { a: { hashes: ['md5:00'], version: '==1' } } }),
      lock({ default: { a: { hashes: [`sha256:${A}`], version: '==1' } } }, [{ name: 'p', url: 'https://u:${TOKEN}@pypi.internal.example/simple' }]),
      lock({ default: { a: { hashes: [`sha256:${A}`], version: '==1' } } }, [{ name: 'p', url: 'https://a.example/simple' }, { name: 'p', url: 'https://b.example/simple' }]),
      `{"_meta": {}, "default": {"a": {"version": "==1", "hashes": ["sha256:${A}"]}, "a": {"version": "==1", "hashes": ["sha256:${B}"]}}}`,
      JSON.stringify({ default: {} }),
      `{"_meta": {}, "default": {"__proto__": {"version": "==1", "hashes": ["sha256:${A}"]}}}`,
      lock({ default: { 'a\u001b[31m': { hashes: [`sha256:${A}`], version: '==1' } } }),
      'not json',
    ]) {
      expect(codeOf(() => parsePipfileLock(text, 'Pipfile.lock')), text).toBe('ErrorUsage');
    }
  });
});
