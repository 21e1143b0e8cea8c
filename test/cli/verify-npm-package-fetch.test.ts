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

  it('a version entry without dist.integrity fails even with the right tarball: nothing ties it (or its signatures) to the registry', async () => {
    const { p, args } = await setup();
    const doc = p.registry.documentOf('left-pad') as { versions: Record<string, { dist: { integrity?: string } }> };
    delete doc.versions['1.3.0']!.dist.integrity;
    const r = await runCli(args('left-pad', ['--format', 'json']), { HOME: p.home, ...FAST });
    expect(JSON.parse(r.stdout).error.code).toBe('ErrorMismatchHash');
    expect(r.status).toBe(1);
  });

  it('an earlier version entry that is malformed, or a trustedPublisher that is not an object, fails instead of being skipped (ErrorInvalidFormat)', async () => {
    const { p, args } = await setup();
    const doc = p.registry.documentOf('left-pad') as { versions: Record<string, unknown>; time?: Record<string, string> };
    doc.versions['0.0.1'] = { name: 'left-pad', version: '0.0.1', dist: 'not an object' };
    let r = await runCli(args('left-pad', ['--format', 'json']), { HOME: p.home, ...FAST });
    expect(JSON.parse(r.stdout).error.code).toBe('ErrorInvalidFormat');
    doc.versions['0.0.1'] = { name: 'left-pad', version: '0.0.1', dist: {}, _npmUser: { trustedPublisher: 'yes' } };
    r = await runCli(args('left-pad', ['--format', 'json']), { HOME: p.home, ...FAST });
    expect(JSON.parse(r.stdout).error.code).toBe('ErrorInvalidFormat');
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

describe('verify-npm-package NAME@VERSION --integrity sha512-...: no tarball', () => {
  async function integritySetup() {
    const { p } = await setup();
    const integrity = p.tree.packages[0]!.integrity;
    const args = (spec = 'left-pad@1.3.0', sri = integrity, extra: string[] = []) => [
      'verify-npm-package', spec, '--integrity', sri,
      '--source-uri', 'github.com/slsa-verify-fixtures/hello-npm',
      '--builder-id', NPM_CLI_BUILDER,
      '--trusted-root', p.trustedRoot,
      '--npm-registry-keys', p.registryKeys,
      '--format', 'json',
      ...extra,
    ];
    const run = async (a: string[]) => {
      const r = await runCli(a, { HOME: p.home, ...FAST });
      return { status: r.status, code: (JSON.parse(r.stdout) as { error: { code: string } | null }).error?.code };
    };
    return { p, integrity, args, run };
  }

  it('the integrity is the subject: verified from the registry alone', async () => {
    const { p, args, run } = await integritySetup();
    expect(await run(args())).toEqual({ status: 0, code: undefined });
    expect(await run(args('left-pad@1.3.0', undefined, ['--package-name', 'left-pad', '--package-version', '1.3.0']))).toEqual({ status: 0, code: undefined });
    expect(p.registry.requests.every((q) => !q.path.endsWith('.tgz'))).toBe(true);
  });

  it("another package's integrity, or a registry whose dist.integrity differs, fails (ErrorMismatchHash)", async () => {
    const { p, args, run } = await integritySetup();
    expect(await run(args('left-pad@1.3.0', p.tree.packages[1]!.integrity))).toEqual({ status: 1, code: 'ErrorMismatchHash' });
    const doc = p.registry.documentOf('left-pad') as { versions: Record<string, { dist: { integrity?: string } }> };
    doc.versions['1.3.0']!.dist.integrity = p.tree.packages[1]!.integrity;
    expect(await run(args())).toEqual({ status: 1, code: 'ErrorMismatchHash' });
    delete doc.versions['1.3.0']!.dist.integrity;
    expect(await run(args())).toEqual({ status: 1, code: 'ErrorMismatchHash' });
  });

  it('a registry signature that does not verify fails', async () => {
    const { p, args, run } = await integritySetup();
    const doc = p.registry.documentOf('left-pad') as { versions: Record<string, { dist: { signatures: { sig: string }[] } }> };
    const sig = doc.versions['1.3.0']!.dist.signatures[0]!;
    sig.sig = Buffer.from(sig.sig, 'base64').reverse().toString('base64');
    expect(await run(args())).toEqual({ status: 1, code: 'ErrorInvalidSignature' });
  });

  it('a sha1-only or doubled integrity, NAME@VERSION disagreeing with the flags, or --offline is refused', async () => {
    const { integrity, args, run } = await integritySetup();
    expect(await run(args('left-pad@1.3.0', 'sha1-+XMmNpVuNbhqUC8y6j9E/c/OQvI='))).toMatchObject({ status: 1, code: 'ErrorInvalidHash' });
    expect((await run(args('left-pad@1.3.0', `${integrity} sha512-${Buffer.alloc(64, 1).toString('base64')}`))).status).toBe(2);
    expect((await run(args('left-pad@1.3.0', undefined, ['--package-name', 'tiny']))).status).toBe(2);
    expect((await run(args('left-pad', undefined))).status).toBe(2);
    expect((await run(args('left-pad@1.3.0', undefined, ['--offline']))).status).toBe(2);
  });

  it('without --integrity, --package-name and --package-version stay required (exit 2)', async () => {
    const { p } = await setup();
    const r = await runCli(['verify-npm-package', 'x.tgz', '--source-uri', 'github.com/a/b', '--builder-id', NPM_CLI_BUILDER], { HOME: p.home });
    expect(r.stderr).toContain('--package-name');
    expect(r.status).toBe(2);
  });
});
