import { describe, expect, it } from 'vitest';
import { npmTarball, type NpmFixtureOptions } from '../../src/tools/fixtures/npm.js';
import { npmArgs, writeNpmFixture } from '../npm/fixture-files.js';
import { runCli, type JsonReport } from './run-cli.js';

/** The npm CLI's first provenance format: SLSA v0.2, buildType https://github.com/npm/cli/gha@v0. */
const V0: NpmFixtureOptions = { npmCliFormat: 'gha@v0' };

async function verify(options: NpmFixtureOptions, overrides: Record<string, string> = {}, extra: string[] = [], tarball?: Buffer): Promise<{ status: number | null; report: JsonReport }> {
  const f = writeNpmFixture({ ...V0, ...options }, tarball);
  const run = await runCli([...npmArgs(f, overrides, extra), '--format', 'json']);
  return { status: run.status, report: JSON.parse(run.stdout) as JsonReport };
}

async function expectFailure(code: string, options: NpmFixtureOptions, overrides: Record<string, string> = {}, extra: string[] = [], tarball?: Buffer): Promise<void> {
  const { status, report } = await verify(options, overrides, extra, tarball);
  expect(report.artifacts[0]?.error?.code ?? report.error?.code, JSON.stringify(report.artifacts[0]?.error ?? report.error)).toBe(code);
  expect(status).toBe(1);
}

type V02 = { predicate: { invocation: { environment: Record<string, string>; configSource: { entryPoint: string } }; metadata: { buildInvocationId: string }; materials: { uri: string; digest: Record<string, string> }[] } };
const edit = (change: (s: V02) => void): NpmFixtureOptions => ({ editProvenance: (s) => change(s as unknown as V02) });

describe('verify-npm-package: npm CLI provenance in its first format (gha@v0)', () => {
  it('verifies like the later formats, with the tag and the commit from the certificate', async () => {
    const { status, report } = await verify({}, {}, ['--source-tag', 'v1.0.0']);
    expect(report.error).toBeNull();
    expect(report.artifacts[0]?.statement?.predicateType).toBe('https://slsa.dev/provenance/v0.2');
    expect(status).toBe(0);
  });

  it('checks each claim against the certificate', async () => {
    await expectFailure('ErrorMismatchCertificate', edit((s) => (s.predicate.invocation.environment['GITHUB_REPOSITORY'] = 'evil/hello-npm')));
    await expectFailure('ErrorMismatchCertificate', edit((s) => (s.predicate.invocation.environment['GITHUB_SHA'] = 'f'.repeat(40))));
    await expectFailure('ErrorMismatchCertificate', edit((s) => (s.predicate.invocation.environment['GITHUB_REF'] = 'refs/tags/v9.9.9')));
    await expectFailure('ErrorMismatchCertificate', edit((s) => (s.predicate.invocation.environment['GITHUB_RUN_ID'] = '1')));
    await expectFailure('ErrorMismatchCertificate', edit((s) => (s.predicate.invocation.environment['EXTRA'] = 'x')));
    await expectFailure('ErrorMismatchCertificate', edit((s) => (s.predicate.invocation.configSource.entryPoint = '.github/workflows/other.yml')));
    await expectFailure('ErrorMismatchCertificate', edit((s) => (s.predicate.metadata.buildInvocationId = '1-1')));
  });

  it('refuses another source, another tag, another runner and a swapped tarball', async () => {
    await expectFailure('ErrorMismatchSource', {}, { '--source-uri': 'github.com/slsa-verify-fixtures/hello-npm2' });
    await expectFailure('ErrorMismatchTag', {}, {}, ['--source-tag', 'v1.0.1']);
    await expectFailure('ErrorMismatchBuilderID', { runnerEnvironment: 'self-hosted' });
    await expectFailure('ErrorMismatchHash', {}, {}, [], npmTarball({ 'package/package.json': '{"name":"@slsa-verify-fixtures/hello","version":"1.0.0"}' }));
  });

  it('a tampered statement fails its signature', async () => {
    const f = writeNpmFixture(V0);
    const doc = f.fixture.attestations as { attestations: { predicateType: string; bundle: { dsseEnvelope: { payload: string } } }[] };
    const provenance = doc.attestations.find((a) => a.predicateType === 'https://slsa.dev/provenance/v0.2')!;
    const payload = Buffer.from(provenance.bundle.dsseEnvelope.payload, 'base64').toString().replace('gha@v0', 'gha@v1');
    provenance.bundle.dsseEnvelope.payload = Buffer.from(payload).toString('base64');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(f.attestations, JSON.stringify(doc));
    const run = await runCli([...npmArgs(f), '--format', 'json']);
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(report.artifacts[0]?.error?.code ?? report.error?.code).toBe('ErrorInvalidSignature');
    expect(run.status).toBe(1);
  });
});
