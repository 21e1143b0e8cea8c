import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { NpmTreePackage, NpmTreeSpec } from '../../src/tools/fixtures/npm-tree.js';
import { NPM_CLI_BUILDER } from '../../src/tools/fixtures/npm.js';
import { npmFetchArgs, startNpmProject, type FetchNpmProject } from '../support/fetch-projects.js';
import type { NpmRegistryOptions } from '../../src/tools/stand-ins/npm-registry.js';
import { runCli } from './run-cli.js';

// Trusted publisher -> provenance only -> nothing: a version published later with weaker evidence fails (pnpm's no-downgrade).
const FAST = { SLSA_VERIFY_HTTP_TIMEOUT_MS: '400', SLSA_VERIFY_HTTP_BACKOFF_MS: '10' };
const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

/** Versions of `tiny` published in the order given (the stand-in's `time` follows it); the lockfile locks `locked`. */
async function tiny(versions: string[], locked: string, options: Partial<NpmRegistryOptions>): Promise<FetchNpmProject> {
  const specs: NpmTreeSpec[] = versions.map((version) => ({ name: 'tiny', version }));
  const p = await startNpmProject(specs, options);
  open.push(p.registry);
  const pkg = p.tree.packages.find((x) => x.version === locked)!;
  const lock = { name: 'app', version: '1.0.0', lockfileVersion: 3, packages: { '': { name: 'app', version: '1.0.0' }, 'node_modules/tiny': { version: pkg.version, resolved: `https://registry.npmjs.org/tiny/-/tiny-${pkg.version}.tgz`, integrity: pkg.integrity } } };
  writeFileSync(p.lockfile, JSON.stringify(lock));
  return p;
}

async function verdict(p: FetchNpmProject): Promise<{ status: number | null; code: string | undefined; message: string }> {
  const r = await runCli(npmFetchArgs(p, ['--pins', join(p.dir, 'pins.json'), '--format', 'json']), { HOME: p.home, ...FAST });
  const doc = JSON.parse(r.stdout) as { packages: { error: { code: string; message: string } | null }[] };
  return { status: r.status, code: doc.packages[0]?.error?.code, message: doc.packages[0]?.error?.message ?? '' };
}

const by = (versions: string[]) => (x: NpmTreePackage) => versions.includes(x.version);

describe('verify-lockfile: evidence downgrades between versions, by publish time', () => {
  it('provenance only after a trusted publisher fails, naming both levels and the order used', async () => {
    const p = await tiny(['1.0.0', '1.1.0'], '1.1.0', { trustedPublisher: by(['1.0.0']) });
    const v = await verdict(p);
    expect(v).toMatchObject({ status: 1, code: 'ErrorEvidenceDowngrade' });
    expect(v.message).toContain('tiny@1.1.0 was published with provenance but not by a trusted publisher');
    expect(v.message).toContain('1.0.0 was published by a trusted publisher');
    expect(v.message).toContain("by the registry's publish times");
  });

  it('nothing after a trusted publisher fails', async () => {
    const p = await tiny(['1.0.0', '1.1.0'], '1.1.0', { trustedPublisher: by(['1.0.0']), unattested: by(['1.1.0']) });
    expect(await verdict(p)).toMatchObject({ status: 1, code: 'ErrorEvidenceDowngrade' });
  });

  it('a lower version published later (a backport) with weaker evidence fails: publish time, not semver, decides', async () => {
    const p = await tiny(['2.0.0', '1.9.9'], '1.9.9', { trustedPublisher: by(['2.0.0']) });
    expect(await verdict(p)).toMatchObject({ status: 1, code: 'ErrorEvidenceDowngrade' });
  });

  it('a higher version published before a stronger one is no downgrade; neither is stronger evidence later', async () => {
    const backport = await tiny(['2.0.0', '1.9.9'], '2.0.0', { trustedPublisher: by(['1.9.9']) });
    expect(await verdict(backport)).toMatchObject({ status: 0, code: undefined });
    const upgrade = await tiny(['1.0.0', '1.1.0', '1.2.0'], '1.2.0', { unattested: by(['1.0.0']), trustedPublisher: by(['1.2.0']) });
    expect(await verdict(upgrade)).toMatchObject({ status: 0, code: undefined });
  });

  it('without publish times the order is semver, and the message says so', async () => {
    const p = await tiny(['1.0.0', '1.1.0'], '1.1.0', { trustedPublisher: by(['1.0.0']) });
    delete (p.registry.documentOf('tiny') as { time?: unknown }).time;
    const v = await verdict(p);
    expect(v).toMatchObject({ status: 1, code: 'ErrorEvidenceDowngrade' });
    expect(v.message).toContain('by semver order');
  });
});

describe('verify-npm-package (fetched): the same rule', () => {
  it('a version with weaker evidence than an earlier one fails', async () => {
    const p = await tiny(['1.0.0', '1.1.0'], '1.1.0', { trustedPublisher: by(['1.0.0']) });
    writeFileSync(join(p.home, '.npmrc'), `registry=${p.registry.url}\n`);
    const pkg = p.tree.packages.find((x) => x.version === '1.1.0')!;
    const r = await runCli(
      ['verify-npm-package', 'tiny@1.1.0', '--integrity', pkg.integrity, '--source-uri', 'github.com/slsa-verify-fixtures/hello-npm', '--builder-id', NPM_CLI_BUILDER, '--trusted-root', p.trustedRoot, '--npm-registry-keys', p.registryKeys, '--format', 'json'],
      { HOME: p.home, ...FAST },
    );
    expect((JSON.parse(r.stdout) as { error: { code: string } }).error.code).toBe('ErrorEvidenceDowngrade');
    expect(r.status).toBe(1);
  });
});
