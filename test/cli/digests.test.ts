import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveArtifactInputs } from '../../src/artifacts/artifact-inputs.js';
import { parseChecksums } from '../../src/artifacts/checksums-file.js';
import { parseDigestArgument } from '../../src/artifacts/digest-argument.js';
import { VerifyError } from '../../src/errors/index.js';
import { REPO, runCli, type JsonReport } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'digests-cli-'));
const SOURCE = 'github.com/slsa-verify-fixtures/hello';
const hex = (artifact: string, alg = 'sha256') => createHash(alg).update(readFileSync(join(REPO, 'fixtures/artifacts', artifact))).digest('hex');

const verify = (args: string[], provenance = 'valid.intoto.jsonl') =>
  runCli(['verify-artifact', ...args, '--provenance-path', `fixtures/provenance/${provenance}`, '--source-uri', SOURCE, '--trusted-root', 'fixtures/trusted_root.json']);

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

type DigestReport = JsonReport & { artifacts: { path: string; matchedSubject: string | null }[] };

describe('digest arguments', () => {
  it('parses sha256 and sha512 digests, lowercased, and nothing else', () => {
    expect(parseDigestArgument(`sha256:${'A'.repeat(64)}`)).toEqual({ algorithm: 'sha256', hex: 'a'.repeat(64) });
    expect(parseDigestArgument(`sha512:${'b'.repeat(128)}`)?.algorithm).toBe('sha512');
    for (const bad of [`sha256:${'a'.repeat(63)}`, `sha512:${'a'.repeat(64)}`, `sha1:${'a'.repeat(40)}`, `./sha256:${'a'.repeat(64)}`, `sha256:${'g'.repeat(64)}`]) {
      expect(parseDigestArgument(bad)).toBeUndefined();
    }
  });

  it('verifies an artifact given by its digest, naming the matched subject (text and JSON)', async () => {
    const text = await verify([`sha256:${hex('hello.txt')}`]);
    expect(text.status).toBe(0);
    expect(text.stderr).toContain('Verifying artifact hello.txt: PASSED');
    const json = await verify([`sha256:${hex('hello.txt').toUpperCase()}`, '--format', 'json']);
    const report = JSON.parse(json.stdout) as DigestReport;
    expect(report.artifacts[0]?.matchedSubject).toBe('hello.txt');
    expect(report.artifacts[0]?.path).toBe(`sha256:${hex('hello.txt').toUpperCase()}`);
  });

  it('fails a digest no subject carries (exit 1), showing the digest', async () => {
    const run = await verify([`sha256:${hex('other.txt')}`, '--format', 'json']);
    expect(run.status).toBe(1);
    expect((JSON.parse(run.stdout) as DigestReport).error?.code).toBe('ErrorMismatchHash');
    const text = await verify([`sha256:${hex('other.txt')}`]);
    expect(text.stderr).toContain(`Verifying artifact sha256:${hex('other.txt')}: FAILED`);
  });

  it('compares a sha512 digest in sha512: generator subjects carry only sha256, so it cannot match', async () => {
    const run = await verify([`sha512:${hex('hello.txt', 'sha512')}`, '--format', 'json']);
    expect(run.status).toBe(1);
    expect((JSON.parse(run.stdout) as DigestReport).error?.code).toBe('ErrorMismatchHash');
  });

  describe('a digest that is also a file', () => {
    const cwd = process.cwd();
    afterEach(() => process.chdir(cwd));
    it('is refused (usage), and ./ names the file', async () => {
      const name = `sha256:${'a'.repeat(64)}`;
      process.chdir(dir);
      writeFileSync(name, 'x');
      await expect(resolveArtifactInputs([name], [])).rejects.toThrow(/both a digest and an existing file/);
      expect(await resolveArtifactInputs([`./${name}`], [])).toEqual([{ kind: 'file', label: `./${name}` }]);
      expect(await resolveArtifactInputs([`sha256:${'b'.repeat(64)}`], [])).toEqual([{ kind: 'digest', label: `sha256:${'b'.repeat(64)}`, digests: { sha256: 'b'.repeat(64) } }]);
    });
  });
});

describe('checksums files', () => {
  const a = 'a'.repeat(64);
  const long = 'c'.repeat(128);

  it('reads GNU text and binary lines, BSD lines, sha512, CRLF and blank lines', () => {
    const entries = parseChecksums(`${a}  one.txt\r\n\n${a.toUpperCase()} *two bin\nSHA256 (three) = ${a}\nSHA512 (four) = ${long}\n${long}  five\n`, 's');
    expect(entries.map((e) => [e.name, e.algorithm, e.line])).toEqual([
      ['one.txt', 'sha256', 1], ['two bin', 'sha256', 3], ['three', 'sha256', 4], ['four', 'sha512', 5], ['five', 'sha512', 6],
    ]);
    expect(entries[1]?.hex).toBe(a);
  });

  it('fails on a malformed line, naming its number', () => {
    const message = (text: string) => {
      try {
        parseChecksums(text, 'sums');
      } catch (err) {
        expect((err as VerifyError).code).toBe('ErrorUsage');
        return (err as Error).message;
      }
      return 'no error';
    };
    expect(message(`${a}  ok\nnot a checksum\n`)).toContain('sums:2: malformed checksum line');
    expect(message(`${'a'.repeat(40)}  sha1\n`)).toContain('sums:1:');
    expect(message(`SHA256 (x) = ${long}\n`)).toContain('SHA256 needs 64 hex digits');
    expect(message(`${a} one\n`)).toContain('sums:1:');
    expect(message(`\\${a}  a\\\\b\n`)).toContain('escaped');
    expect(message(`${a}  x\n${'b'.repeat(64)}  x\n`)).toContain("sums:2: malformed checksum line: 'x' already has another digest on line 1");
    expect(message('\n\n')).toContain('no checksum lines');
  });

  it('verifies many artifacts at once, each named by its line', async () => {
    const sums = file('multi.sha256', `${hex('hello-linux-amd64')}  dist/hello-linux-amd64\nSHA256 (hello.sbom.json) = ${hex('hello.sbom.json')}\n`);
    const run = await verify(['--checksums', sums, '--format', 'json'], 'valid-multi-subject.intoto.jsonl');
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout) as DigestReport;
    expect(report.artifacts.map((x) => [x.path, x.matchedSubject])).toEqual([
      ['dist/hello-linux-amd64', 'hello-linux-amd64'], ['hello.sbom.json', 'hello.sbom.json'],
    ]);
    const text = await verify(['--checksums', sums], 'valid-multi-subject.intoto.jsonl');
    expect(text.stderr).toContain('Verifying artifact dist/hello-linux-amd64: PASSED');
  });

  it('fails when one listed artifact is not in the provenance (exit 1)', async () => {
    const sums = file('one-bad.sha256', `${hex('hello.txt')}  hello.txt\n${hex('other.txt')}  other.txt\n`);
    const run = await verify(['--checksums', sums, '--format', 'json']);
    expect(run.status).toBe(1);
    expect((JSON.parse(run.stdout) as DigestReport).artifacts.map((x) => x.matchedSubject)).toEqual(['hello.txt', null]);
  });

  it('exits 2 on a malformed, missing or empty checksums file, or no artifact at all', async () => {
    const bad = await verify(['--checksums', file('bad.sha256', `${hex('hello.txt')}  hello.txt\ngarbage\n`)]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('bad.sha256:2: malformed checksum line');
    expect((await verify(['--checksums', join(dir, 'missing')])).status).toBe(2);
    expect((await verify([])).status).toBe(2);
  });
});
