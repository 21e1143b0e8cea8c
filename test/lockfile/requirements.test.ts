import { describe, expect, it } from 'vitest';
import { parseRequirements } from '../../src/lockfile/requirements.js';
import { codeOf } from '../support/code-of.js';

const A = 'a'.repeat(64);
const B = 'B'.repeat(64);

describe('parseRequirements', () => {
  it('reads pinned, hashed requirements with continuation lines, extras, markers and comments', () => {
    const text = `# locked by pip-compile
requests[socks]==2.32.0 ; python_version >= "3.8" \\
    --hash=sha256:${A} \\
    --hash=sha256:${B}
my.pkg===1.0 --hash=sha256:${A}  # inline comment

`;
    const list = parseRequirements(text, 'requirements.txt');
    expect(list).toEqual([
      { ecosystem: 'pypi', name: 'requests', version: '2.32.0', origin: 'requirements.txt:2', files: undefined, digests: { sha256: [A, B.toLowerCase()] } },
      { ecosystem: 'pypi', name: 'my.pkg', version: '1.0', origin: 'requirements.txt:5', files: undefined, digests: { sha256: [A] } },
    ]);
  });

  it('refuses what pip would not install by hash alone (ErrorUsage)', () => {
    for (const line of ['requests>=2', 'requests==2.0', '-r other.txt', '-e .', `requests==2.0 --hash=md5:${A}`, `requests==2.0 --hash=sha512:${A}`]) {
      expect(codeOf(() => parseRequirements(line, 'r.txt')), line).toBe('ErrorUsage');
    }
  });

  it('refuses a sha384/sha512 pin beside a sha256 one: pip would install a file matching the pin nobody compared (ErrorUsage)', () => {
    for (const extra of [`--hash=sha512:${A}${A}`, `--hash=sha384:${A}`]) {
      expect(codeOf(() => parseRequirements(`requests==2.0 --hash=sha256:${A} ${extra}`, 'r.txt')), extra).toBe('ErrorUsage');
    }
  });

  it('reads one project listed twice under PEP 503 spellings once, and refuses it with other hashes (ErrorUsage)', () => {
    expect(parseRequirements(`Hello_Py==1.0.0 --hash=sha256:${A}\nhello-py==1.0.0 --hash=sha256:${A}\n`, 'r.txt')).toHaveLength(1);
    expect(codeOf(() => parseRequirements(`Hello_Py==1.0.0 --hash=sha256:${A}\nhello.py==1.0.0 --hash=sha256:${B}\n`, 'r.txt'))).toBe('ErrorUsage');
    // Two versions (for two environments) are two packages, each verified.
    expect(parseRequirements(`x==1.0 ; python_version < "3.9" --hash=sha256:${A}\nx==2.0 ; python_version >= "3.9" --hash=sha256:${B}\n`, 'r.txt')).toHaveLength(2);
  });
});
