import { describe, expect, it } from 'vitest';
import { parsePylock } from '../../src/lockfile/pylock.js';
import { codeOf } from '../support/code-of.js';

const A = 'a'.repeat(64);
const B = 'b'.repeat(64);

describe('parsePylock', () => {
  it('reads each package with a digest per listed file (name, or the URL basename)', () => {
    const text = `lock-version = "1.0"
created-by = "test"

[[packages]]
name = "attrs"
version = "25.1.0"
sdist = { url = "https://files.example/attrs-25.1.0.tar.gz", hashes = { sha256 = "${A}" } }
wheels = [{ name = "attrs-25.1.0-py3-none-any.whl", hashes = { sha256 = "${B}" } }]
`;
    const [p] = parsePylock(text, 'pylock.toml');
    expect(p).toMatchObject({ ecosystem: 'pypi', name: 'attrs', version: '25.1.0', files: ['attrs-25.1.0.tar.gz', 'attrs-25.1.0-py3-none-any.whl'] });
    expect(p?.fileDigests?.get('attrs-25.1.0-py3-none-any.whl')).toBe(B);
  });

  it('refuses VCS/directory packages, files without sha256, bad TOML (ErrorUsage)', () => {
    const head = 'lock-version = "1.0"\n[[packages]]\nname = "x"\nversion = "1"\n';
    expect(codeOf(() => parsePylock(`${head}vcs = { type = "git", url = "https://g/x" }\n`, 'pylock.toml'))).toBe('ErrorUsage');
    expect(codeOf(() => parsePylock(`${head}wheels = [{ name = "x-1-py3-none-any.whl", hashes = { md5 = "00" } }]\n`, 'pylock.toml'))).toBe('ErrorUsage');
    expect(codeOf(() => parsePylock(`${head}`, 'pylock.toml'))).toBe('ErrorUsage');
    expect(codeOf(() => parsePylock('lock-version = ', 'pylock.toml'))).toBe('ErrorUsage');
  });

  it('refuses a file listed twice with different sha256, a file of another project or version, a package locked twice differently', () => {
    const head = 'lock-version = "1.0"\n[[packages]]\nname = "Hello_Py"\nversion = "1.0"\n';
    const wheel = (name: string, hash: string) => `{ name = "${name}", hashes = { sha256 = "${hash}" } }`;
    expect(parsePylock(`${head}wheels = [${wheel('hello_py-1.0-py3-none-any.whl', A)}]\n`, 'pylock.toml')).toHaveLength(1);
    for (const body of [
      `wheels = [${wheel('hello_py-1.0-py3-none-any.whl', A)}, ${wheel('hello_py-1.0-py3-none-any.whl', B)}]\n`,
      `wheels = [${wheel('evil-1.0-py3-none-any.whl', A)}]\n`,
      `wheels = [${wheel('hello_py-2.0-py3-none-any.whl', A)}]\n`,
      `wheels = [${wheel('not-a-distribution.txt', A)}]\n`,
      `wheels = [${wheel('hello_py-1.0-py3-none-any.whl', A)}]\n[[packages]]\nname = "hello-py"\nversion = "1.0"\nwheels = [${wheel('hello_py-1.0-py3-none-any.whl', B)}]\n`,
    ]) {
      expect(codeOf(() => parsePylock(`${head}${body}`, 'pylock.toml')), body).toBe('ErrorUsage');
    }
  });
});

