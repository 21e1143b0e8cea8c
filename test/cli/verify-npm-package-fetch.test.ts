import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { NPM_CLI_BUILDER } from '../../src/tools/fixtures/npm.js';
import { startNpmProject, type FetchNpmProject } from '../support/fetch-projects.js';
import { runCli } from './run-cli.js';

const FAST = { SLSA_VERIFY_HTTP_TIMEOUT_MS: '400', SLSA_VERIFY_HTTP_BACKOFF_MS: '10' };
const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

async function setup(): Promise<{ p: FetchNpmProject; args: (name?: string, extra?: string[]) => string[] }> {
  const p = await startNpmProject([{ name: 'left-pad', version: '1.3.0' }, { name: 'tiny', version: '0.1.0' }]);
  open.push(p.registry);
  // The user's npm configuration names the registry (runCli runs from the repository, which has no .npmrc).
  writeFileSync(join(p.home, '.npmrc'), `registry=${p.registry.url}\n`);
  const tarball = join(p.dir, 'left-pad-1.3.0.tgz');
  writeFileSync(tarball, p.tree.packages[0]!.tarball);
  const args = (name = 'left-pad', extra: string[] = []) => [
    'verify-npm-package', tarball,
    '--source-uri', 'github.com/slsa-verify-fixtures/hello-npm',
    '--builder-id', NPM_CLI_BUILDER,
    '--package-name', name,
    '--package-version', name === 'left-pad' ? '1.3.0' : '0.1.0',
    '--trusted-root', p.trustedRoot,
    '--npm-registry-keys', p.registryKeys,
    ...extra,
  ];
  return { p, args };
}

describe('verify-npm-package without --attestations-path: fetched from the registry', () => {
  it('verifies the tarball with the attestations the registry serves', async () => {
    const { p, args } = await setup();
    const r = await runCli(args(), { HOME: p.home, ...FAST });
    expect(r.stderr).toContain(`Fetching the package document and attestations of left-pad@1.3.0 from ${p.registry.url}`);
    expect(r.stderr).toContain('PASSED');
    expect(r.status).toBe(0);
  });

  it('a tarball passed off under another name fails: the registry serves another integrity', async () => {
    const { p, args } = await setup();
    const r = await runCli(args('tiny', ['--format', 'json']), { HOME: p.home, ...FAST });
    expect(JSON.parse(r.stdout).error.code).toBe('ErrorMismatchHash');
    expect(r.status).toBe(1);
  });

  it('--offline refuses (exit 2); an unreachable registry is exit 4', async () => {
    const { p, args } = await setup();
    expect((await runCli(args('left-pad', ['--offline']), { HOME: p.home, ...FAST })).status).toBe(2);
    p.registry.hostile = () => ({ status: 500 });
    expect((await runCli(args(), { HOME: p.home, ...FAST })).status).toBe(4);
    expect(p.registry.requests.length).toBeLessThanOrEqual(8);
  });
});
