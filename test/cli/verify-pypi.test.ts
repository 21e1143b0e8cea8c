import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PYPI_SERVICE_ACCOUNT } from '../../src/tools/fixtures/pypi.js';
import { pypiArgs, pypiGoogleArgs, writePypiFixture } from '../pypi/fixture-files.js';
import { runCli } from './run-cli.js';

interface PypiJson {
  schemaVersion: number;
  command: string;
  verdict: string;
  error: { code: string } | null;
  artifacts: { path: string; verdict: string; error: { code: string } | null; digest: { sha256: string } | null }[];
}

describe('verify-pypi', () => {
  it('passes a wheel with its provenance, one line per distribution', async () => {
    const f = writePypiFixture();
    const run = await runCli(pypiArgs(f, f.wheel, ['--workflow', 'release.yml', '--environment', 'pypi']));
    expect(run.status).toBe(0);
    expect(run.stderr.split('\n').filter((l) => l !== '')).toEqual([`Verifying ${f.wheel}: PASSED`, 'PASSED: SLSA verification passed']);
  });

  it('verifies every distribution of a wheelhouse, in JSON', async () => {
    const f = writePypiFixture();
    const run = await runCli(['verify-pypi', f.dir, '--repository', f.fixture.repositoryUrl, '--trusted-root', f.trustedRoot, '--format', 'json']);
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout) as PypiJson;
    expect(report).toMatchObject({ schemaVersion: 1, command: 'verify-pypi', verdict: 'PASSED', error: null });
    expect(report.artifacts.map((a) => [a.path, a.verdict])).toEqual([[f.wheel, 'PASSED'], [f.sdist, 'PASSED']]);
  });

  it('fails a wheelhouse distribution without provenance', async () => {
    const f = writePypiFixture();
    rmSync(`${f.sdist}.provenance`);
    const run = await runCli(['verify-pypi', f.dir, '--repository', f.fixture.repositoryUrl, '--trusted-root', f.trustedRoot]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`Verifying ${f.sdist}: FAILED: not present`);
    expect(run.stderr).toContain(`Verifying ${f.wheel}: PASSED`);
    expect(run.stderr).toMatch(/\nFAILED: SLSA verification failed: not present/);
  });

  it.each<[string, Parameters<typeof writePypiFixture>[0], string[], string]>([
    ['another repository', { repository: { owner: 'evil', name: 'hello-py', id: '1', ownerId: '2' } }, [], 'ErrorMismatchSource'],
    ['another workflow', { workflowFile: 'other.yml' }, ['--workflow', 'release.yml'], 'ErrorMismatchPublisher'],
    ['a subject of another file', { subjectName: () => 'hello_py-1.0.0.tar.gz' }, [], 'ErrorMismatchDistribution'],
    ['a tampered statement', { tamper: true }, [], 'ErrorInvalidSignature'],
  ])('exits 1 on %s', async (_what, options, extra, code) => {
    const f = writePypiFixture(options);
    const run = await runCli([...pypiArgs(f, f.wheel, extra), '--format', 'json']);
    expect(run.status).toBe(1);
    expect((JSON.parse(run.stdout) as PypiJson).error?.code).toBe(code);
  });

  it('fails a wheel checked against the provenance of the sdist', async () => {
    const f = writePypiFixture();
    const run = await runCli([...pypiArgs(f, f.wheel), '--provenance', `${f.sdist}.provenance`, '--format', 'json']);
    expect(run.status).toBe(1);
    expect((JSON.parse(run.stdout) as PypiJson).error?.code).toBe('ErrorMismatchDistribution');
  });

  it('accepts --repository as --source-uri is written (github.com/OWNER/REPO), with the same exactness', async () => {
    const f = writePypiFixture();
    const slug = f.fixture.repositoryUrl.replace(/^https:\/\//, '');
    const run = await runCli(pypiArgs(f, f.wheel).map((a) => (a === f.fixture.repositoryUrl ? slug : a)));
    expect(run.status).toBe(0);
    for (const other of [`${slug}-evil`, slug.slice(0, -1), `${slug}.git`]) {
      const wrong = await runCli([...pypiArgs(f, f.wheel).map((a) => (a === f.fixture.repositoryUrl ? other : a)), '--format', 'json']);
      expect(wrong.status, other).not.toBe(0);
      expect(['ErrorMismatchSource', 'ErrorUsage']).toContain((JSON.parse(wrong.stdout) as PypiJson).error?.code);
    }
  });

  it('fails closed on a malformed provenance object', async () => {
    const f = writePypiFixture();
    writeFileSync(`${f.wheel}.provenance`, JSON.stringify({ version: 1, attestation_bundles: [] }));
    const run = await runCli([...pypiArgs(f, f.wheel), '--format', 'json']);
    expect(run.status).toBe(1);
    expect((JSON.parse(run.stdout) as PypiJson).error?.code).toBe('ErrorInvalidFormat');
  });

  it.each<[string, (f: ReturnType<typeof writePypiFixture>) => string[]]>([
    ['a file without --provenance, --offline', (f) => ['verify-pypi', f.wheel, '--repository', f.fixture.repositoryUrl, '--offline']],
    ['a file without --provenance, an --index-url over http to a non-loopback host', (f) => ['verify-pypi', f.wheel, '--repository', f.fixture.repositoryUrl, '--index-url', 'http://pypi.example.invalid/simple/']],
    ['a directory with --provenance', (f) => ['verify-pypi', f.dir, '--provenance', `${f.wheel}.provenance`, '--repository', f.fixture.repositoryUrl]],
    ['a malformed --repository', (f) => ['verify-pypi', f.wheel, '--provenance', `${f.wheel}.provenance`, '--repository', 'git+https://github.com/o/r']],
    ['a missing --repository', (f) => ['verify-pypi', f.wheel, '--provenance', `${f.wheel}.provenance`]],
    ['an unreadable --provenance', (f) => ['verify-pypi', f.wheel, '--provenance', `${f.dir}/nope`, '--repository', f.fixture.repositoryUrl, '--trusted-root', f.trustedRoot]],
    ['both --repository and --service-account', (f) => [...pypiArgs(f, f.wheel), '--service-account', PYPI_SERVICE_ACCOUNT]],
    ['--service-account with --workflow', (f) => pypiGoogleArgs(f, f.wheel, PYPI_SERVICE_ACCOUNT, ['--workflow', 'release.yml'])],
    ['a malformed --service-account', (f) => pypiGoogleArgs(f, f.wheel, 'not-an-email')],
  ])('exits 2 on %s', async (_what, args) => {
    const run = await runCli(args(writePypiFixture()));
    expect(run.status).toBe(2);
  });

  describe('Google Cloud publishers (--service-account)', () => {
    const google = { googleServiceAccount: { email: PYPI_SERVICE_ACCOUNT } };

    it('passes a wheelhouse published by the service account, in JSON', async () => {
      const f = writePypiFixture(google);
      const run = await runCli(['verify-pypi', f.dir, '--service-account', PYPI_SERVICE_ACCOUNT, '--trusted-root', f.trustedRoot, '--format', 'json']);
      expect(run.status).toBe(0);
      const report = JSON.parse(run.stdout) as { verdict: string; artifacts: { attestations: { workflow: string | null; evidence: { signer: string } }[] }[] };
      expect(report.verdict).toBe('PASSED');
      expect(report.artifacts.map((a) => a.attestations[0])).toEqual([
        expect.objectContaining({ workflow: null, evidence: expect.objectContaining({ signer: PYPI_SERVICE_ACCOUNT }) }),
        expect.objectContaining({ workflow: null, evidence: expect.objectContaining({ signer: PYPI_SERVICE_ACCOUNT }) }),
      ]);
    });

    it('passes in text', async () => {
      const f = writePypiFixture(google);
      const run = await runCli(pypiGoogleArgs(f, f.sdist, PYPI_SERVICE_ACCOUNT));
      expect(run.status).toBe(0);
      expect(run.stderr).toContain(`Verifying ${f.sdist}: PASSED`);
    });

    it.each<[string, Parameters<typeof writePypiFixture>[0], (f: ReturnType<typeof writePypiFixture>) => string[], string]>([
      ['another service account', google, (f) => pypiGoogleArgs(f, f.wheel, 'other@hello-py.iam.gserviceaccount.com'), 'ErrorMismatchPublisher'],
      ['another issuer', { googleServiceAccount: { email: PYPI_SERVICE_ACCOUNT, issuer: 'https://accounts.example.com' } }, (f) => pypiGoogleArgs(f, f.wheel, PYPI_SERVICE_ACCOUNT), 'ErrorInvalidOIDCIssuer'],
      ['--service-account with a GitHub-published file', {}, (f) => pypiGoogleArgs(f, f.wheel, PYPI_SERVICE_ACCOUNT), 'ErrorInvalidOIDCIssuer'],
      ['--repository with a Google-published file', google, (f) => pypiArgs(f, f.wheel), 'ErrorInvalidOIDCIssuer'],
    ])('exits 1 on %s', async (_what, options, args, code) => {
      const run = await runCli([...args(writePypiFixture(options)), '--format', 'json']);
      expect(run.status).toBe(1);
      expect((JSON.parse(run.stdout) as PypiJson).error?.code).toBe(code);
    });
  });

  describe('a bare attestation (FILE.publish.attestation), as pypi-attestations verify attestation takes', () => {
    /** The one attestation of the fixture's provenance object, written alone. */
    const bare = (f: ReturnType<typeof writePypiFixture>, dist: string): string => {
      const provenance = JSON.parse(readFileSync(`${dist}.provenance`, 'utf8')) as { attestation_bundles: { attestations: object[] }[] };
      const path = `${dist}.publish.attestation`;
      writeFileSync(path, JSON.stringify(provenance.attestation_bundles[0]!.attestations[0]));
      return path;
    };

    it('passes with the publisher checked in the certificate', async () => {
      const f = writePypiFixture();
      const run = await runCli([...pypiArgs(f, f.wheel, ['--workflow', 'release.yml']), '--provenance', bare(f, f.wheel)]);
      expect(run.stderr).toContain(`Verifying ${f.wheel}: PASSED`);
      expect(run.status).toBe(0);
    });

    it.each<[string, Parameters<typeof writePypiFixture>[0], (f: ReturnType<typeof writePypiFixture>) => string[], string]>([
      ['another repository', {}, () => ['--repository', 'https://github.com/evil/hello-py'], 'ErrorMismatchSource'],
      ['another workflow', {}, () => ['--workflow', 'other.yml'], 'ErrorMismatchPublisher'],
      ['a tampered statement', { tamper: true }, () => [], 'ErrorInvalidSignature'],
      ['the attestation of another file', {}, (f) => ['--provenance', bare(f, f.sdist)], 'ErrorMismatchDistribution'],
    ])('exits 1 on %s', async (_what, options, extra, code) => {
      const f = writePypiFixture(options);
      const run = await runCli([...pypiArgs(f, f.wheel), '--provenance', bare(f, f.wheel), ...extra(f), '--format', 'json']);
      expect(run.status).toBe(1);
      expect((JSON.parse(run.stdout) as PypiJson).error?.code).toBe(code);
    });

    it('is not accepted as the FILE.provenance of a wheelhouse (PyPI serves provenance objects only)', async () => {
      const f = writePypiFixture();
      writeFileSync(`${f.wheel}.provenance`, readFileSync(bare(f, f.wheel)));
      const run = await runCli(['verify-pypi', f.dir, '--repository', f.fixture.repositoryUrl, '--trusted-root', f.trustedRoot, '--format', 'json']);
      expect(run.status).toBe(1);
      expect((JSON.parse(run.stdout) as PypiJson).error?.code).toBe('ErrorInvalidFormat');
    });
  });
});
