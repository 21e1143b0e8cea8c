import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { NPM_POLICY, writeNpmProject } from '../lockfile/tree-files.js';
import { pnpmLockText, startNpmProject, yarnLockText, type FetchNpmProject } from '../support/fetch-projects.js';
import { startNpmRegistry } from '../../src/tools/stand-ins/npm-registry.js';
import { runCli } from './run-cli.js';

interface LockJson {
  verdict: 'PASSED' | 'FAILED';
  error: { code: string; message: string } | null;
  packages: { name: string; version: string; result: string; error: { code: string; message: string } | null; note: string | null; pin: string | null }[];
}

const SPECS = [
  { name: 'left-pad', version: '1.3.0' },
  { name: '@acme/util', version: '2.0.1' },
  { name: 'tiny', version: '0.1.0' },
];
const FAST = { SLSA_VERIFY_HTTP_TIMEOUT_MS: '400', SLSA_VERIFY_HTTP_BACKOFF_MS: '10' };
const SHA1_ONLY = 'sha1-+XMmNpVuNbhqUC8y6j9E/c/OQvI=';

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

async function project(): Promise<FetchNpmProject> {
  const p = await startNpmProject(SPECS);
  open.push(p.registry);
  return p;
}

function write(p: FetchNpmProject, name: string, text: string): string {
  const path = join(p.dir, name);
  writeFileSync(path, text);
  return path;
}

async function verify(p: FetchNpmProject, lockfile: string, extra: string[] = [], env: Record<string, string> = {}) {
  const r = await runCli(['verify-lockfile', lockfile, '--trusted-root', p.trustedRoot, '--npm-registry-keys', p.registryKeys, '--pins', join(p.dir, 'pins.json'), ...extra], { HOME: p.home, ...FAST, ...env });
  return { ...r, json: extra.includes('json') ? (JSON.parse(r.stdout) as LockJson) : undefined };
}

const json = ['--format', 'json'];
const codes = (d: LockJson | undefined) => Object.fromEntries((d?.packages ?? []).map((x) => [x.name, x.error?.code ?? x.result]));

describe('verify-lockfile pnpm-lock.yaml and yarn.lock from the registry (no --artifacts)', () => {
  it.each([
    ['pnpm-lock.yaml v9', 'pnpm-lock.yaml', (p: FetchNpmProject) => pnpmLockText(p.tree.packages, '9.0')],
    ['pnpm-lock.yaml v6 (peer suffixes)', 'pnpm-lock.yaml', (p: FetchNpmProject) => pnpmLockText(p.tree.packages, '6.0')],
    ['yarn.lock v1 (registry.yarnpkg.com is the configured registry)', 'yarn.lock', (p: FetchNpmProject) => yarnLockText(p.tree.packages)],
    ['a pnpm lockfile under another name (by content)', 'deps.lock', (p: FetchNpmProject) => pnpmLockText(p.tree.packages)],
    ['a yarn lockfile under another name (by content)', 'deps.txt', (p: FetchNpmProject) => yarnLockText(p.tree.packages)],
  ])('%s: every package verified by its integrity, pinned on first use', async (_what, file, text) => {
    const p = await project();
    const r = await verify(p, write(p, file, text(p)), json);
    expect(r.stderr).toContain(`Fetching package documents and attestations of 3 packages from ${p.registry.url} (3)`);
    expect(r.json!.packages.map((x) => [x.name, x.result, x.pin])).toEqual(SPECS.map((s) => [s.name, 'verified', 'recorded']));
    expect(r.status).toBe(0);
    expect(p.registry.requests.every((q) => !q.path.endsWith('.tgz'))).toBe(true);
  });

  it('with a policy too, and `fetch` prepares an evidence dir for an offline run', async () => {
    const p = await project();
    const lock = write(p, 'pnpm-lock.yaml', pnpmLockText(p.tree.packages));
    write(p, 'policy.yaml', NPM_POLICY);
    expect((await verify(p, lock, ['--policy', join(p.dir, 'policy.yaml')])).status).toBe(0);
    const dir = join(p.dir, 'evidence');
    const fetched = await runCli(['fetch', lock, '--evidence-dir', dir], { HOME: p.home, ...FAST });
    expect(fetched.stderr).toContain('PASSED: stored the evidence of 3 packages');
    await p.registry.close();
    expect((await verify(p, lock, ['--evidence-dir', dir, '--offline'])).status).toBe(0);
  });

  it('Yarn Berry (checksum, not the tarball digest) is refused without --artifacts', async () => {
    const p = await project();
    const berry = `__metadata:\n  version: 8\n  cacheKey: 10c0\n\n"left-pad@npm:^1.3.0":\n  version: 1.3.0\n  resolution: "left-pad@npm:1.3.0"\n  checksum: 10c0/abc\n  languageName: node\n  linkType: hard\n`;
    const r = await verify(p, write(p, 'yarn.lock', berry), json);
    expect(r.json!.error!.code).toBe('ErrorInvalidFormat');
    expect(r.json!.error!.message).toContain('--artifacts');
    expect(r.status).not.toBe(0);
    expect(p.registry.requests).toHaveLength(0);
  });

  it('Yarn Berry with --artifacts: the tarballs at hand are verified (their own digest is the subject)', async () => {
    const p = writeNpmProject(SPECS.slice(0, 2));
    const entries = SPECS.slice(0, 2).map((s) => `"${s.name}@npm:^${s.version}":\n  version: ${s.version}\n  resolution: "${s.name}@npm:${s.version}"\n  checksum: 10c0/00\n  languageName: node\n  linkType: hard\n`);
    const lock = join(p.dir, 'yarn.lock');
    writeFileSync(lock, `__metadata:\n  version: 8\n\n${entries.join('\n')}`);
    const r = await runCli(['verify-lockfile', lock, '--artifacts', p.tarballs, '--policy', p.policy, '--trusted-root', p.trustedRoot, '--npm-registry-keys', p.registryKeys, ...json]);
    expect(codes(JSON.parse(r.stdout) as LockJson)).toEqual({ 'left-pad': 'verified', '@acme/util': 'verified' });
    expect(r.status).toBe(0);
  });
});

describe('verify-lockfile pnpm-lock.yaml and yarn.lock: hostile lockfiles', () => {
  it.each([
    ['pnpm: a key listed twice', 'pnpm-lock.yaml', (p: FetchNpmProject) => pnpmLockText([p.tree.packages[0]!, p.tree.packages[0]!]), 'ErrorUsage', 2],
    ['pnpm: a YAML alias', 'pnpm-lock.yaml', (p: FetchNpmProject) => `lockfileVersion: '9.0'\npackages:\n  tiny@0.1.0: &a\n    resolution: {integrity: ${p.tree.packages[2]!.integrity}}\n  left-pad@1.3.0: *a\n`, 'ErrorUsage', 2],
    ['pnpm: an unsupported lockfileVersion', 'pnpm-lock.yaml', (p: FetchNpmProject) => pnpmLockText(p.tree.packages).replace("'9.0'", "'5.4'"), 'ErrorUsage', 2],
    ['yarn: a key listed twice', 'yarn.lock', (p: FetchNpmProject) => yarnLockText([p.tree.packages[0]!, { ...p.tree.packages[2]!, name: 'left-pad', version: '1.3.0' }]), 'ErrorUsage', 2],
    ['yarn: a field listed twice', 'yarn.lock', (p: FetchNpmProject) => yarnLockText([p.tree.packages[0]!]).replace('  version "1.3.0"\n', '  version "1.3.0"\n  version "9.9.9"\n'), 'ErrorUsage', 2],
    ['yarn: merge-conflict markers', 'yarn.lock', (p: FetchNpmProject) => yarnLockText([p.tree.packages[0]!]).replace('"left-pad@', '<<<<<<< HEAD\n"left-pad@').concat('=======\n>>>>>>> theirs\n'), 'ErrorUsage', 2],
    ['pnpm: the entry names another package than its key', 'pnpm-lock.yaml', (p: FetchNpmProject) => pnpmLockText(p.tree.packages).replace(/(\n {2}'tiny@0\.1\.0':\n)/, '$1    name: left-pad\n'), 'ErrorMismatchPackageName', 1],
    ['pnpm: the entry has another version than its key', 'pnpm-lock.yaml', (p: FetchNpmProject) => pnpmLockText(p.tree.packages).replace(/(\n {2}'tiny@0\.1\.0':\n)/, '$1    version: 0.2.0\n'), 'ErrorMismatchPackageVersion', 1],
    ["yarn: the resolved URL is another package's tarball", 'yarn.lock', (p: FetchNpmProject) => yarnLockText(p.tree.packages).replace('/tiny/-/tiny-0.1.0.tgz', '/left-pad/-/left-pad-1.3.0.tgz'), 'ErrorMismatchPackageName', 1],
    ['pnpm: a sha1-only integrity', 'pnpm-lock.yaml', (p: FetchNpmProject) => pnpmLockText([{ ...p.tree.packages[2]!, integrity: SHA1_ONLY }]), 'ErrorInvalidHash', 1],
    ['yarn: a sha1-only integrity', 'yarn.lock', (p: FetchNpmProject) => yarnLockText([{ ...p.tree.packages[2]!, integrity: SHA1_ONLY }]), 'ErrorInvalidHash', 1],
    ['yarn: no integrity (sha1 in the URL only)', 'yarn.lock', (p: FetchNpmProject) => yarnLockText([p.tree.packages[2]!]).replace(/ {2}integrity .*\n/, ''), 'ErrorInvalidHash', 1],
  ])('%s: refused (%s, exit %s), nothing fetched', async (_what, file, text, code, exit) => {
    const p = await project();
    const r = await verify(p, write(p, file, text(p)), json);
    expect(r.json!.error!.code).toBe(code);
    expect(r.status).toBe(exit);
    expect(p.registry.requests).toHaveLength(0);
  });

  const gitAndTarball = (p: FetchNpmProject): string =>
    `${pnpmLockText(p.tree.packages.slice(0, 1))}\n  'gitdep@https://codeload.github.com/x/gitdep/tar.gz/0123456789abcdef0123456789abcdef01234567':\n    resolution: {tarball: https://codeload.github.com/x/gitdep/tar.gz/0123456789abcdef0123456789abcdef01234567}\n    version: 1.0.0\n\n  'repo@git+https://github.com/x/repo.git#0123456789abcdef0123456789abcdef01234567':\n    resolution: {type: git, repo: 'https://github.com/x/repo.git', commit: 0123456789abcdef0123456789abcdef01234567}\n    version: 2.0.0\n\n  'local@file:../local':\n    resolution: {directory: ../local, type: directory}\n    version: 0.0.1\n`;

  it('pnpm git, file and tarball-URL dependencies: "no registry evidence", failing unless the policy allows missing provenance', async () => {
    const p = await project();
    const lock = write(p, 'pnpm-lock.yaml', gitAndTarball(p));
    const r = await verify(p, lock, json);
    expect(codes(r.json)).toEqual({ 'left-pad': 'verified', gitdep: 'ErrorNotPresent', repo: 'ErrorNotPresent', local: 'ErrorNotPresent' });
    expect(r.json!.packages.find((x) => x.name === 'repo')!.error!.message).toContain('a git dependency');
    expect(r.json!.packages.find((x) => x.name === 'gitdep')!.error!.message).toContain('no registry evidence');
    expect(r.status).toBe(1);
    expect(p.registry.requests.some((q) => /gitdep|repo|local/.test(q.path))).toBe(false);

    write(p, 'policy.yaml', `${NPM_POLICY}missingProvenance: allow\n`);
    const allowed = await verify(p, lock, ['--policy', join(p.dir, 'policy.yaml'), ...json]);
    expect(codes(allowed.json)).toEqual({ 'left-pad': 'verified', gitdep: 'allowed', repo: 'allowed', local: 'allowed' });
    expect(allowed.status).toBe(0);
  });

  it('yarn git and file dependencies: no registry evidence (fail closed)', async () => {
    const p = await project();
    const text = `${yarnLockText(p.tree.packages.slice(0, 1))}\n"repo@git+https://github.com/x/repo.git#v2":\n  version "2.0.0"\n  resolved "git+https://github.com/x/repo.git#0123456789abcdef0123456789abcdef01234567"\n\n"local@file:../local":\n  version "0.0.1"\n`;
    const r = await verify(p, write(p, 'yarn.lock', text), json);
    expect(codes(r.json)).toEqual({ 'left-pad': 'verified', repo: 'ErrorNotPresent', local: 'ErrorNotPresent' });
    expect(r.status).toBe(1);
  });

  it("an entry resolved on another registry is asked there, and never given the configured registry's token", async () => {
    const p = await project();
    const other = await startNpmRegistry({ packages: p.tree.packages.filter((x) => x.name === 'tiny'), registryKeys: p.tree.registryKeys });
    open.push(other);
    const host = new URL(p.registry.url).host;
    writeFileSync(join(p.dir, '.npmrc'), `registry=${p.registry.url}\n//${host}/:_authToken=s3cret\n`);
    const text = yarnLockText(p.tree.packages).replace('https://registry.yarnpkg.com/tiny/', `${other.url}tiny/`);
    const r = await verify(p, write(p, 'yarn.lock', text), json);
    expect(r.status).toBe(0);
    expect(other.requests.length).toBeGreaterThan(0);
    expect(other.requests.every((q) => q.authorization === undefined)).toBe(true);
    expect(p.registry.requests.every((q) => q.authorization === 'Bearer s3cret')).toBe(true);
    expect(p.registry.requests.some((q) => q.path.includes('tiny'))).toBe(false);
  });
});

describe('pnpm-lock.yaml: keys that collide only as plain data', () => {
  it.each([
    ['a number and a string', `lockfileVersion: '9.0'\npackages:\n  tiny@0.1.0:\n    resolution: {integrity: sha512-AA==}\n    1: a\n    '1': b\n`],
    ['a complex key', `lockfileVersion: '9.0'\npackages:\n  ? [a, b]\n  : x\n`],
  ])('%s: refused (exit 2)', async (_what, text) => {
    const p = await project();
    const r = await verify(p, write(p, 'pnpm-lock.yaml', text), json);
    expect(r.json!.error!.code).toBe('ErrorUsage');
    expect(r.status).toBe(2);
  });
});

describe('package-lock.json: git and file: dependencies', () => {
  it('have no registry evidence: nothing fetched, failing unless the policy allows missing provenance', async () => {
    const p = await project();
    const lock = JSON.parse(JSON.stringify(p.tree.lockfile)) as { packages: Record<string, object> };
    lock.packages['node_modules/repo'] = { version: '2.0.0', resolved: 'git+ssh://git@github.com/x/repo.git#0123456789abcdef0123456789abcdef01234567' };
    writeFileSync(p.lockfile, JSON.stringify(lock));
    const r = await verify(p, p.lockfile, json);
    expect(codes(r.json)).toMatchObject({ 'left-pad': 'verified', repo: 'ErrorNotPresent' });
    expect(r.status).toBe(1);
    expect(p.registry.requests.some((q) => q.path.includes('repo'))).toBe(false);
    write(p, 'policy.yaml', `${NPM_POLICY}missingProvenance: allow\n`);
    const allowed = await verify(p, p.lockfile, ['--policy', join(p.dir, 'policy.yaml'), ...json]);
    expect(codes(allowed.json)).toMatchObject({ 'left-pad': 'verified', repo: 'allowed' });
    expect(allowed.status).toBe(0);
  });
});

describe('yarn.lock: a resolved URL on a plain-http registry', () => {
  it('is never asked (https only off loopback): that package fails, the others verify', async () => {
    const p = await project();
    const text = yarnLockText(p.tree.packages).replace('https://registry.yarnpkg.com/tiny/', 'http://registry.example.invalid/tiny/');
    const r = await verify(p, write(p, 'yarn.lock', text), json);
    expect(codes(r.json)).toEqual({ 'left-pad': 'verified', '@acme/util': 'verified', tiny: 'ErrorUsage' });
    expect(r.status).toBe(2);
    expect(p.registry.requests.some((q) => q.path.includes('tiny'))).toBe(false);
  });
});
