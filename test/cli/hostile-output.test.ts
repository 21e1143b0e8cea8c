import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildFixtures } from '../../src/tools/fixtures/generate.js';
import { HELLO_SOURCE } from '../../src/tools/fixtures/cases.js';
import { messageBundleSet } from '../../src/tools/fixtures/message-bundle.js';
import { writeNpmFixture, npmArgs } from '../npm/fixture-files.js';
import { writePypiFixture, pypiArgs } from '../pypi/fixture-files.js';
import { DIGEST, RESOURCE_URI, VERIFIER_ID, vsaStatement, writeVsa } from '../vsa/vsa-fixture.js';
import { runCli } from './run-cli.js';

/**
 * Signed strings chosen to forge output: a newline and a fake verdict, a
 * terminal escape that erases the line, a bidi override. Every text renderer
 * must print them escaped; JSON documents must carry no raw control either.
 */
const FORGE = 'evil\nPASSED: SLSA verification passed\r\x1b[2K\u202e\u2028\u0085';
const ESCAPED = 'evil\\nPASSED: SLSA verification passed\\r\\x1b[2K\\u202e\\u2028\\x85';
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const FORGED_DIGEST = 'b'.repeat(64);

const dir = mkdtempSync(join(tmpdir(), 'hostile-output-'));
const { lines, trustedRoot } = buildFixtures([
  {
    file: 'names.jsonl',
    description: 'subject names that try to forge output or become options',
    lines: [{ id: 'hostile-names', subjects: [{ name: FORGE, digest: { sha256: FORGED_DIGEST } }, { name: '--emit-vsa=x', digest: { sha256: 'a'.repeat(64) } }, 'hello.txt'] }],
  },
  {
    file: 'option-names.jsonl',
    description: 'subject names that look like options, nothing unprintable',
    lines: [{ id: 'option-names', subjects: [{ name: '--emit-vsa=x', digest: { sha256: 'a'.repeat(64) } }, { name: "-o 'x' $(id)", digest: { sha256: 'c'.repeat(64) } }] }],
  },
  {
    file: 'builder.jsonl',
    description: 'a statement builder id that tries to forge output',
    lines: [{ id: 'hostile-builder', subjects: ['hello.txt'], builderId: `https://github.com/x/${FORGE}` }],
  },
  {
    file: 'big.jsonl',
    description: 'a payload larger than a pipe buffer',
    lines: [{ id: 'big-payload', subjects: ['hello.txt'], mutateStatement: (s) => ((s['predicate'] as Record<string, unknown>)['buildConfig'] = 'x'.repeat(1 << 20)) }],
  },
  {
    file: 'deep.jsonl',
    description: 'a validly signed payload nested 100,000 levels deep',
    lines: [{
      id: 'deep-payload', subjects: ['hello.txt'],
      mutateStatement: (s) => ((s['predicate'] as Record<string, unknown>)['buildConfig'] = 'DEEP'),
      rewritePayload: (json) => json.replace('"DEEP"', '['.repeat(100_000) + ']'.repeat(100_000)),
    }],
  },
]);
const root = join(dir, 'trusted_root.json');
writeFileSync(root, JSON.stringify(trustedRoot));
const file = (name: string): string => {
  const path = join(dir, name);
  writeFileSync(path, lines.filter((l) => l.file === name).map((l) => `${l.json}\n`).join(''));
  return path;
};
const names = file('names.jsonl');
const optionNames = file('option-names.jsonl');
const builder = file('builder.jsonl');
const deep = file('deep.jsonl');
const big = file('big.jsonl');
const verify = (artifact: string, provenance: string, extra: string[] = []) =>
  runCli(['verify-artifact', artifact, '--provenance-path', provenance, '--source-uri', HELLO_SOURCE, '--trusted-root', root, ...extra]);

function nonEmptyLines(text: string): string[] {
  return text.split('\n').filter((l) => l !== '');
}

describe('signed strings in text output are escaped', () => {
  it('verify-artifact: a subject name matched by digest prints on one line, escaped', async () => {
    const run = await verify(`sha256:${FORGED_DIGEST}`, names);
    expect(run.status).toBe(0);
    expect(run.stderr).not.toMatch(RAW_CONTROL);
    expect(nonEmptyLines(run.stderr)).toEqual([
      expect.stringMatching(/^Verified build using builder "/),
      `Verifying artifact ${ESCAPED}: PASSED`,
      'PASSED: SLSA verification passed',
    ]);
  });

  it('verify-artifact: a builder id in an error message cannot add a PASSED line; JSON carries it escaped', async () => {
    const text = await verify('fixtures/artifacts/hello.txt', builder);
    expect(text.status).toBe(1);
    expect(text.stderr).not.toMatch(RAW_CONTROL);
    expect(text.stderr).toContain(ESCAPED);
    expect(nonEmptyLines(text.stderr).filter((l) => /^(PASSED|FAILED):/.test(l))).toEqual([expect.stringMatching(/^FAILED: SLSA verification failed: /)]);
    const json = await verify('fixtures/artifacts/hello.txt', builder, ['--format', 'json']);
    expect(json.status).toBe(1);
    expect(json.stdout).not.toMatch(RAW_CONTROL);
    expect((JSON.parse(json.stdout) as { error: { message: string } }).error.message).toContain(FORGE);
  });

  it('inspect: every claim escaped, and no command printed for a name that cannot be one', async () => {
    const run = await runCli(['inspect', names]);
    expect(run.status).toBe(0);
    expect(run.stdout).not.toMatch(RAW_CONTROL);
    expect(run.stdout).toContain(`subject           ${ESCAPED} sha256:${FORGED_DIGEST}`);
    expect(run.stdout).toContain('to verify it: (no command');
    expect(run.stdout).not.toMatch(/^PASSED/m);
    const json = await runCli(['inspect', names, '--format', 'json']);
    expect(json.stdout).not.toMatch(RAW_CONTROL);
    expect((JSON.parse(json.stdout) as { attestations: { suggestedCommand: string | null }[] }).attestations[0]!.suggestedCommand).toBeNull();
  });

  it('inspect: subject names that look like options stay file names after --, and the printed line runs as such', async () => {
    const run = await runCli(['inspect', optionNames, '--format', 'json']);
    const command = (JSON.parse(run.stdout) as { attestations: { suggestedCommand: string }[] }).attestations[0]!.suggestedCommand;
    expect(command).toMatch(/ -- --emit-vsa=x '-o '\\''x'\\'' \$\(id\)'$/);
    // Run through sh against the real CLI: the names are artifact paths (unreadable here), never options.
    const { spawnSync } = await import('node:child_process');
    const { REPO } = await import('./run-cli.js');
    const shell = spawnSync('sh', ['-c', command.replace(/^slsa-verify /, `"${process.execPath}" bin/slsa-verify `) + ' --format json'], {
      cwd: REPO, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' },
    });
    // `--format json` after `--` is a file name too: the text report on stderr names it as an artifact.
    expect(shell.status).toBe(2);
    expect(shell.stderr).toContain('artifact --emit-vsa=x: ENOENT');
    expect(shell.stdout).toBe('');
  });

  it('verify-npm-package: a hostile package name in the provenance is escaped in the failure', async () => {
    const f = writeNpmFixture({ provenanceName: `@slsa-verify-fixtures/${FORGE}` });
    const run = await runCli(npmArgs(f));
    expect(run.status).toBe(1);
    expect(run.stderr).not.toMatch(RAW_CONTROL);
    expect(nonEmptyLines(run.stderr).filter((l) => l.startsWith('PASSED'))).toEqual([]);
  });

  it('verify-pypi: a hostile subject name is escaped in the failure', async () => {
    const f = writePypiFixture({ subjectName: () => FORGE });
    const run = await runCli(pypiArgs(f, f.wheel));
    expect(run.status).toBe(1);
    expect(run.stderr).not.toMatch(RAW_CONTROL);
    expect(run.stderr).toContain('evil\\nPASSED');
    expect(nonEmptyLines(run.stderr).filter((l) => l.startsWith('PASSED'))).toEqual([]);
  });

  it('verify-vsa: a hostile verifier id is escaped in the failure', async () => {
    const files = writeVsa('ed25519', vsaStatement((p) => (p['verifier'] = { id: `${VERIFIER_ID}${FORGE}` })));
    const run = await runCli(['verify-vsa', '--attestation-path', files.attestation, '--public-key-path', files.publicKey, '--public-key-id', 'test-key',
      '--verifier-id', VERIFIER_ID, '--resource-uri', RESOURCE_URI, '--subject-digest', DIGEST]);
    expect(run.status).toBe(1);
    expect(run.stderr).not.toMatch(RAW_CONTROL);
    expect(run.stderr).toContain(ESCAPED);
  });

  it('verify-lockfile: a hostile package name in the lockfile is escaped', async () => {
    const lock = join(dir, 'package-lock.json');
    writeFileSync(lock, JSON.stringify({ name: 'x', lockfileVersion: 3, packages: { '': { name: 'x' }, [`node_modules/${FORGE}`]: { version: '1.0.0', resolved: 'https://registry.npmjs.org/a/-/a-1.0.0.tgz', integrity: `sha512-${createHash('sha512').update('a').digest('base64')}` } } }));
    const run = await runCli(['verify-lockfile', lock, '--artifacts', dir]);
    expect(run.status).not.toBe(0);
    expect(run.stderr).not.toMatch(RAW_CONTROL);
    expect(nonEmptyLines(run.stderr).filter((l) => l.startsWith('PASSED'))).toEqual([]);
  });

  it('policy explain: a hostile match pattern is escaped', async () => {
    const policy = join(dir, 'policy.json');
    writeFileSync(policy, JSON.stringify({ version: 1, packages: [{ match: FORGE, branches: ['main'] }] }));
    const run = await runCli(['policy', 'explain', policy]);
    expect(run.stdout).not.toMatch(RAW_CONTROL);
    expect(run.stderr).not.toMatch(RAW_CONTROL);
  });
});

describe('a deeply nested payload', () => {
  it('fails the same way in text and JSON, with or without --print-provenance (exit 1, never an internal error)', async () => {
    const codes: string[] = [];
    for (const extra of [[], ['--print-provenance']]) {
      const text = await verify('fixtures/artifacts/hello.txt', deep, extra);
      expect(text.status).toBe(1);
      expect(text.stderr).not.toContain('internal error');
      expect(text.stdout).toBe('');
      const json = await verify('fixtures/artifacts/hello.txt', deep, [...extra, '--format', 'json']);
      expect(json.status).toBe(1);
      const report = JSON.parse(json.stdout) as { verdict: string; error: { code: string } };
      expect(report.verdict).toBe('FAILED');
      codes.push(report.error.code);
    }
    expect(codes).toEqual(['ErrorInvalidDssePayload', 'ErrorInvalidDssePayload']);
  });

  it('inspect fails on it cleanly too (the line is unreadable, exit 1)', async () => {
    const inspect = await runCli(['inspect', deep, '--format', 'json']);
    expect(inspect.status).toBe(1);
    expect(inspect.stderr).toBe('');
    expect((JSON.parse(inspect.stdout) as { attestations: { error: string }[] }).attestations[0]!.error).toMatch(/nested deeper/);
  });

  it('a provenance file that is itself nested 100,000 deep fails as evidence', async () => {
    const outer = join(dir, 'outer-deep.json');
    writeFileSync(outer, `{"a":${'['.repeat(100_000)}${']'.repeat(100_000)}}`);
    const json = await verify('fixtures/artifacts/hello.txt', outer, ['--format', 'json']);
    expect(json.status).toBe(1);
    expect((JSON.parse(json.stdout) as { error: { code: string } }).error.code).toBe('ErrorInvalidFormat');
  });
});

describe('a reader that goes away', () => {
  it('(`| head`) ends the output without a stack trace; the exit code is still the verdict', async () => {
    const { spawn } = await import('node:child_process');
    const { REPO } = await import('./run-cli.js');
    for (const format of ['text', 'json']) {
      const child = spawn(process.execPath, ['bin/slsa-verify', 'verify-artifact', 'fixtures/artifacts/hello.txt', '--provenance-path', big, '--source-uri', HELLO_SOURCE,
        '--trusted-root', root, '--print-provenance', '--format', format], { cwd: REPO, env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.stdout.once('data', () => child.stdout.destroy());
      const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
      expect(stderr, format).not.toMatch(/EPIPE|\n\s+at /);
      expect(status, format).toBe(0);
    }
  });
});

describe('every command takes -- before its operands', () => {
  it('an operand spelled like an option after -- is an operand, never an option', async () => {
    const operand = '--emit-vsa=x';
    const npm = writeNpmFixture();
    // A valid bundle, so that the operand is what fails (both are read at once).
    const set = messageBundleSet([Buffer.from('x')]);
    const bundle = join(dir, 'bundle.json');
    writeFileSync(bundle, JSON.stringify(set.certificateBundle(Buffer.from('x'))));
    const runs: string[][] = [
      ['verify-artifact', '--provenance-path', 'fixtures/provenance/valid.intoto.jsonl', '--source-uri', HELLO_SOURCE, '--trusted-root', root, '--', operand],
      ['verify-github-attestation', '--attestation-path', 'fixtures/provenance/valid.intoto.jsonl', '--source-uri', HELLO_SOURCE, '--', operand],
      [...npmArgs(npm).filter((a) => a !== npm.tarball), '--', operand],
      ['verify-image', '--source-uri', HELLO_SOURCE, '--', operand],
      ['verify-pypi', '--repository', 'https://github.com/a/b', '--provenance', dir, '--', operand],
      ['verify-lockfile', '--artifacts', dir, '--', operand],
      ['verify-bundle', '--bundle', bundle, '--certificate-identity', 'a', '--certificate-oidc-issuer', 'b', '--', operand],
      ['inspect', '--', operand],
      ['policy', 'explain', '--', operand],
    ];
    for (const args of runs) {
      const run = await runCli(args);
      expect(run.stderr, args[0]).not.toMatch(/unknown option|too many arguments/);
      expect(run.stderr, args[0]).toContain(operand);
      expect(run.status, args[0]).not.toBe(0);
    }
  });
});
