import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { npmTarball } from '../../src/tools/fixtures/npm.js';
import { npmArgs, writeNpmFixture } from '../npm/fixture-files.js';
import { runCli, type JsonReport } from './run-cli.js';

async function verify(args: string[]): Promise<{ status: number | null; report: JsonReport }> {
  const run = await runCli([...args, '--format', 'json']);
  return { status: run.status, report: JSON.parse(run.stdout) as JsonReport };
}

describe('verify-npm-package over test-PKI attestations', () => {
  it('passes the package as published, with slsa-verifier\'s output lines', async () => {
    const f = writeNpmFixture();
    const run = await runCli(npmArgs(f));
    expect(run.status).toBe(0);
    expect(run.stderr.split('\n').filter((l) => l !== '')).toEqual([
      expect.stringMatching(/^Verified build using builder https:\/\/github\.com\/actions\/runner\/github-hosted at commit [0-9a-f]{40}$/),
      `Verifying npm package ${f.tarball}: PASSED`,
      'PASSED: SLSA verification passed',
    ]);
  });

  it('reports the package checks and the sha512 digest in JSON', async () => {
    const f = writeNpmFixture();
    const { status, report } = await verify(npmArgs(f));
    expect(status).toBe(0);
    const artifact = report.artifacts[0]!;
    expect(Object.keys(artifact.digest ?? {})).toEqual(['sha512']);
    const ids = artifact.checks.filter((c) => c.status === 'pass').map((c) => c.id);
    expect(ids).toEqual(expect.arrayContaining(['certificate-match', 'package-name', 'package-version', 'subject-digest']));
  });

  it('checks --source-tag and --source-branch against the certificate-backed ref', async () => {
    const f = writeNpmFixture();
    expect((await verify(npmArgs(f, {}, ['--source-tag', 'v1.0.0']))).status).toBe(0);
    expect((await verify(npmArgs(f, {}, ['--source-versioned-tag', 'v1']))).status).toBe(0);
    const tag = await verify(npmArgs(f, {}, ['--source-tag', 'v1.0.1']));
    expect(tag.report.error?.code).toBe('ErrorMismatchTag');
    const branch = await verify(npmArgs(f, {}, ['--source-branch', 'main']));
    expect(branch.status).toBe(1);
    expect(branch.report.error?.code).toBe('ErrorInvalidRef');
    const onMain = writeNpmFixture({ ref: 'refs/heads/main' });
    expect((await verify(npmArgs(onMain, {}, ['--source-branch', 'main']))).status).toBe(0);
  });

  it.each([
    ['provenance subject', { provenanceName: '@slsa-verify-fixtures/evil' }],
    ['publish subject', { publishSubjectName: '@slsa-verify-fixtures/evil' }],
    ['publish predicate', { publishPredicateName: '@slsa-verify-fixtures/evil' }],
    ['tarball package.json', { manifestName: '@slsa-verify-fixtures/evil' }],
  ])('fails when the %s names another package', async (_where, options) => {
    const { status, report } = await verify(npmArgs(writeNpmFixture(options)));
    expect(status).toBe(1);
    expect(report.error?.code).toBe('ErrorMismatchPackageName');
  });

  it('fails on another package name or version than asked', async () => {
    const f = writeNpmFixture();
    expect((await verify(npmArgs(f, { '--package-name': '@slsa-verify-fixtures/hell' }))).report.error?.code).toBe('ErrorMismatchPackageName');
    expect((await verify(npmArgs(f, { '--package-version': '1.0.1' }))).report.error?.code).toBe('ErrorMismatchPackageVersion');
    const manifest = await verify(npmArgs(writeNpmFixture({ manifestVersion: '1.0.1' })));
    expect(manifest.report.error?.code).toBe('ErrorMismatchPackageVersion');
  });

  it('fails when the tarball is swapped for another', async () => {
    const other = npmTarball({ 'package/package.json': JSON.stringify({ name: '@slsa-verify-fixtures/hello', version: '1.0.0' }), 'package/index.js': 'evil()' });
    const { status, report } = await verify(npmArgs(writeNpmFixture({}, other)));
    expect(status).toBe(1);
    expect(report.error?.code).toBe('ErrorMismatchHash');
  });

  it('fails when the publish attestation is signed by a key the registry list does not hold', async () => {
    const { status, report } = await verify(npmArgs(writeNpmFixture({ registryKeyLabel: 'impostor-registry' })));
    expect(status).toBe(1);
    expect(report.error?.code).toBe('ErrorInvalidSignature');
  });

  it('fails when the registry key list lacks the signing key id', async () => {
    const f = writeNpmFixture();
    writeFileSync(f.registryKeys, JSON.stringify({ keys: [] }));
    const { status, report } = await verify(npmArgs(f));
    expect(status).toBe(1);
    expect(report.error?.code).toBe('ErrorInvalidPublicKey');
  });

  it('fails when npm CLI provenance claims what the certificate does not vouch for', async () => {
    const forged = writeNpmFixture({
      editProvenance: (s) => {
        const predicate = s['predicate'] as { buildDefinition: { internalParameters: { github: Record<string, string> } } };
        predicate.buildDefinition.internalParameters.github['repository_id'] = '1';
      },
    });
    const { status, report } = await verify(npmArgs(forged));
    expect(status).toBe(1);
    expect(report.error?.code).toBe('ErrorMismatchCertificate');
  });

  it('refuses a builder that is not the npm CLI and a mismatched source', async () => {
    const f = writeNpmFixture();
    expect((await verify(npmArgs(f, { '--builder-id': 'https://github.com/actions/runner2' }))).report.error?.code).toBe('ErrorNotSupported');
    expect((await verify(npmArgs(f, { '--source-uri': 'github.com/slsa-verify-fixtures/hello-npm2' }))).report.error?.code).toBe('ErrorMismatchSource');
  });

  it('needs --builder-id (exit 2) and fails closed on a damaged attestations file', async () => {
    const f = writeNpmFixture();
    const args = npmArgs(f);
    const i = args.indexOf('--builder-id');
    args.splice(i, 2);
    expect((await runCli(args)).status).toBe(2);
    writeFileSync(join(f.dir, 'attestations.json'), JSON.stringify({ attestations: [] }));
    const { status, report } = await verify(npmArgs(f));
    expect(status).toBe(1);
    expect(report.error?.code).toBe('ErrorInvalidFormat');
  });
});
