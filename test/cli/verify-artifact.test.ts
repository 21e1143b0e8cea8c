import { describe, expect, it } from 'vitest';
import { runCli, type JsonReport } from './run-cli.js';

const ROOT = ['--trusted-root', 'fixtures/trusted_root.json'];
const SOURCE = ['--source-uri', 'github.com/slsa-verify-fixtures/hello'];
const VALID = ['--provenance-path', 'fixtures/provenance/valid.intoto.jsonl'];
const BUILDER = 'https://github.com/slsa-framework/slsa-github-generator/.github/workflows/generator_generic_slsa3.yml@refs/tags/v2.1.0';

describe('verify-artifact text output', () => {
  it('prints slsa-verifier lines on stderr and nothing on stdout', async () => {
    const run = await runCli(['verify-artifact', 'fixtures/artifacts/hello.txt', ...VALID, ...SOURCE, ...ROOT]);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('');
    const lines = run.stderr.split('\n');
    expect(lines[0]).toMatch(new RegExp(`^Verified build using builder "${BUILDER.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}" at commit [0-9a-f]{40}$`));
    expect(lines.slice(1)).toEqual(['Verifying artifact fixtures/artifacts/hello.txt: PASSED', '', 'PASSED: SLSA verification passed', '']);
  });

  it('--print-provenance writes the verified statement to stdout', async () => {
    const run = await runCli(['verify-artifact', 'fixtures/artifacts/hello.txt', ...VALID, ...SOURCE, ...ROOT, '--print-provenance']);
    expect(run.status).toBe(0);
    const statement = JSON.parse(run.stdout) as { subject: { name: string }[] };
    expect(statement.subject.map((s) => s.name)).toContain('hello.txt');
  });

  it('a failure ends with one FAILED line and exit 1', async () => {
    const run = await runCli(['verify-artifact', 'fixtures/artifacts/other.txt', ...VALID, ...SOURCE, ...ROOT]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^Verifying artifact fixtures\/artifacts\/other.txt: FAILED: /);
    expect(run.stderr.trimEnd().split('\n').at(-1)).toMatch(/^FAILED: SLSA verification failed: artifact hash does not match provenance subject/);
  });

  it('several artifacts: every one is reported, one failure fails the run', async () => {
    const run = await runCli([
      'verify-artifact', 'fixtures/artifacts/multi-a.txt', 'fixtures/artifacts/other.txt', 'fixtures/artifacts/multi-b.txt',
      '--provenance-path', 'fixtures/provenance/valid-multi-line.intoto.jsonl', ...SOURCE, ...ROOT, '--format', 'json',
    ]);
    expect(run.status).toBe(1);
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(report.artifacts.map((a) => a.verdict)).toEqual(['PASSED', 'FAILED', 'PASSED']);
    expect(report.artifacts[1]?.error?.code).toBe('ErrorMismatchHash');
  });

  it('the embedded public-good root does not trust the fixture PKI', async () => {
    const run = await runCli(['verify-artifact', 'fixtures/artifacts/hello.txt', ...VALID, ...SOURCE, '--format', 'json']);
    expect(run.status).toBe(1);
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(report.verdict).toBe('FAILED');
    expect(report.error?.code).toBe('ErrorInvalidCertificate');
  });
});

describe('verify-artifact --format json', () => {
  it('describes the verified statement and every check', async () => {
    const run = await runCli(['verify-artifact', 'fixtures/artifacts/hello.txt', ...VALID, ...SOURCE, ...ROOT, '--source-branch', 'main', '--format', 'json']);
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(report).toMatchObject({ schemaVersion: 1, command: 'verify-artifact', verdict: 'PASSED', error: null });
    const [artifact] = report.artifacts;
    expect(artifact).toMatchObject({ path: 'fixtures/artifacts/hello.txt', verdict: 'PASSED', builderId: BUILDER });
    expect(artifact?.digest?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(artifact?.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(artifact?.statement?.predicateType).toBe('https://slsa.dev/provenance/v0.2');
    expect(artifact?.checks.length).toBeGreaterThan(3);
    for (const check of artifact?.checks ?? []) expect(['pass', 'skipped']).toContain(check.status);
  });

  it('a failed check carries its code, expected and actual values', async () => {
    const run = await runCli(['verify-artifact', 'fixtures/artifacts/hello.txt', ...VALID, ...SOURCE, ...ROOT, '--source-branch', 'main2', '--format', 'json']);
    expect(run.status).toBe(1);
    const report = JSON.parse(run.stdout) as JsonReport;
    const failed = report.artifacts[0]?.checks.filter((c) => c.status === 'fail');
    expect(failed).toHaveLength(1);
    expect(failed?.[0]).toMatchObject({ code: 'ErrorMismatchBranch' });
  });
});

describe('exit code 2: the command could not run as asked', () => {
  const cases: [string, string[]][] = [
    ['no --source-uri', ['verify-artifact', 'fixtures/artifacts/hello.txt', ...VALID, ...ROOT]],
    ['no --provenance-path', ['verify-artifact', 'fixtures/artifacts/hello.txt', ...SOURCE, ...ROOT]],
    ['no artifact', ['verify-artifact', ...VALID, ...SOURCE, ...ROOT]],
    ['--source-tag with --source-versioned-tag', ['verify-artifact', 'fixtures/artifacts/hello.txt', ...VALID, ...SOURCE, ...ROOT, '--source-tag', 'v1', '--source-versioned-tag', 'v1']],
    ['a workflow input without =', ['verify-artifact', 'fixtures/artifacts/hello.txt', ...VALID, ...SOURCE, ...ROOT, '--build-workflow-input', 'novalue']],
    ['an unknown flag', ['verify-artifact', 'fixtures/artifacts/hello.txt', ...VALID, ...SOURCE, ...ROOT, '--sorce-uri', 'x']],
    ['a missing provenance file', ['verify-artifact', 'fixtures/artifacts/hello.txt', '--provenance-path', 'fixtures/nope.jsonl', ...SOURCE, ...ROOT]],
    ['a missing artifact', ['verify-artifact', 'fixtures/artifacts/nope.txt', ...VALID, ...SOURCE, ...ROOT]],
    ['a trusted root that is not one', ['verify-artifact', 'fixtures/artifacts/hello.txt', ...VALID, ...SOURCE, '--trusted-root', 'fixtures/manifest.json']],
    ['an unknown command', ['verify-everything']],
  ];
  for (const [name, args] of cases) {
    it(name, async () => {
      const run = await runCli(args);
      expect(run.status).toBe(2);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    });
  }

  it('a provenance file that is not provenance is a failed verification (1), not a usage error', async () => {
    const run = await runCli(['verify-artifact', 'fixtures/artifacts/hello.txt', '--provenance-path', 'fixtures/trusted_root.json', ...SOURCE, ...ROOT]);
    expect(run.status).toBe(1);
  });
});
