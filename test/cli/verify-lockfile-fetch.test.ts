import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { NPM_POLICY } from '../lockfile/tree-files.js';
import { npmFetchArgs, startNpmProject, type FetchNpmProject } from '../support/fetch-projects.js';
import { startNpmRegistry, type NpmRegistryStandIn } from '../../src/tools/stand-ins/npm-registry.js';
import { runCli } from './run-cli.js';

interface LockJson {
  verdict: 'PASSED' | 'FAILED';
  error: { code: string; message: string } | null;
  packages: { name: string; version: string; result: string; error: { code: string; message: string } | null; publisher: { repository: string } | null; pin: string | null; note: string | null }[];
}

const SPECS = [
  { name: 'left-pad', version: '1.3.0' },
  { name: '@acme/util', version: '2.0.1' },
  { name: 'tiny', version: '0.1.0' },
];
const EVIL = { owner: 'evil-fork', name: 'hello-npm', id: '999', ownerId: '998' };
/** Short waits for the hostile-server tests (the defaults are seconds). */
const FAST = { SLSA_VERIFY_HTTP_TIMEOUT_MS: '400', SLSA_VERIFY_HTTP_BACKOFF_MS: '10' };

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

async function project(...args: Parameters<typeof startNpmProject>): Promise<FetchNpmProject> {
  const p = await startNpmProject(...args);
  open.push(p.registry);
  return p;
}

function run(p: FetchNpmProject, extra: string[] = [], env: Record<string, string> = {}) {
  return runCli(npmFetchArgs(p, extra), { HOME: p.home, ...FAST, ...env });
}

function doc(stdout: string): LockJson {
  return JSON.parse(stdout) as LockJson;
}

function pkg(d: LockJson, name: string): LockJson['packages'][number] {
  const found = d.packages.find((x) => x.name === name);
  if (!found) throw new Error(`no ${name}`);
  return found;
}

describe('verify-lockfile package-lock.json from the registry (no --artifacts)', () => {
  it('verifies by the lockfile integrity with the policy, saying what it fetches from where', async () => {
    const p = await project(SPECS);
    writeFileSync(join(p.dir, 'policy.yaml'), NPM_POLICY);
    const r = await run(p, ['--policy', join(p.dir, 'policy.yaml')]);
    expect(r.stderr).toContain(`Fetching package documents and attestations of 3 packages from ${p.registry.url} (3)`);
    expect(r.stderr).toContain('PASSED: lockfile verification passed (3 verified');
    expect(r.status).toBe(0);
    // Nothing but documents and attestations: no tarball is downloaded.
    expect(p.registry.requests.every((q) => !q.path.endsWith('.tgz'))).toBe(true);
  });

  it('a second, different sha512 in a lockfile integrity fails: npm would install a tarball matching it, and nothing attests it', async () => {
    const p = await project(SPECS);
    const lock = JSON.parse(readFileSync(p.lockfile, 'utf8')) as { packages: Record<string, { integrity?: string }> };
    const entry = lock.packages['node_modules/left-pad']!;
    entry.integrity = `${entry.integrity!} sha512-${Buffer.alloc(64, 7).toString('base64')}`;
    writeFileSync(p.lockfile, JSON.stringify(lock));
    const r = await run(p, ['--pins', join(p.dir, 'pins.json'), '--format', 'json']);
    expect(pkg(doc(r.stdout), 'left-pad')).toMatchObject({ result: 'failed', error: { code: 'ErrorMismatchHash' } });
    expect(r.status).toBe(1);
  });

  it('trust on first use fails a package whose certificate names no source repository (nothing to pin)', async () => {
    const noSource = (e: { oid: string; value: string }[]) => e.filter((x) => !/\.1\.(12|5)$/.test(x.oid));
    const p = await project([SPECS[0]!, { ...SPECS[2]!, editExtensions: noSource }]);
    const pins = join(p.dir, 'pins.json');
    const r = await run(p, ['--pins', pins, '--format', 'json']);
    expect(pkg(doc(r.stdout), 'tiny')).toMatchObject({ result: 'failed' });
    expect(pkg(doc(r.stdout), 'left-pad')).toMatchObject({ result: 'verified' });
    expect(r.status).toBe(1);
    expect(existsSync(pins)).toBe(false);
  });

  it('--quiet says nothing about fetching', async () => {
    const p = await project(SPECS);
    const r = await run(p, ['--pins', join(p.dir, 'pins.json'), '--quiet']);
    expect(r.stderr).not.toContain('Fetching');
    expect(r.status).toBe(0);
  });

  it('without a policy, --pins records every publisher on first use, then matches; a changed publisher fails', async () => {
    const p = await project(SPECS);
    const pins = join(p.dir, 'pins.json');
    const first = await run(p, ['--pins', pins, '--format', 'json']);
    expect(first.status).toBe(0);
    expect(doc(first.stdout).packages.map((x) => x.pin)).toEqual(['recorded', 'recorded', 'recorded']);
    expect(JSON.parse(readFileSync(pins, 'utf8')).pins['npm:tiny'].repository).toBe('github.com/slsa-verify-fixtures/hello-npm');
    const second = await run(p, ['--pins', pins, '--format', 'json']);
    expect(doc(second.stdout).packages.map((x) => x.pin)).toEqual(['matched', 'matched', 'matched']);
    await p.registry.close();

    const forked = await project([SPECS[0]!, SPECS[1]!, { ...SPECS[2]!, repository: EVIL }]);
    const third = await runCli(npmFetchArgs(forked, ['--pins', pins, '--format', 'json']), { HOME: forked.home });
    expect(pkg(doc(third.stdout), 'tiny')).toMatchObject({ result: 'failed', pin: 'mismatch', error: { code: 'ErrorPinMismatch' } });
    expect(third.status).toBe(1);
  });

  it('without a policy or pins, nothing names a source: fails (exit 1)', async () => {
    const p = await project(SPECS);
    const r = await run(p, ['--format', 'json']);
    expect(doc(r.stdout).packages.every((x) => x.result === 'failed')).toBe(true);
    expect(r.status).toBe(1);
  });

  it('--offline without --artifacts or --evidence-dir refuses (exit 2) and opens no connection', async () => {
    const p = await project(SPECS);
    const r = await run(p, ['--offline', '--pins', join(p.dir, 'pins.json')]);
    expect(r.stderr).toContain('--offline');
    expect(r.status).toBe(2);
    expect(p.registry.requests).toHaveLength(0);
  });
});

describe('verify-lockfile from the registry: hostile answers', () => {
  const pinsOf = (p: FetchNpmProject) => ['--pins', join(p.dir, 'pins.json'), '--format', 'json'];

  it("another package's attestations served for a package fail it (exit 1)", async () => {
    const p = await project(SPECS);
    const tiny = p.tree.packages.find((x) => x.name === 'tiny')!;
    p.registry.hostile = (path) => (path.includes('/attestations/left-pad@') ? { status: 200, body: JSON.stringify(tiny.attestations) } : undefined);
    const r = await run(p, pinsOf(p));
    expect(pkg(doc(r.stdout), 'left-pad')).toMatchObject({ result: 'failed', error: { code: 'ErrorMismatchHash' } });
    expect(pkg(doc(r.stdout), 'tiny').result).toBe('verified');
    expect(r.status).toBe(1);
    expect(existsSync(join(p.dir, 'pins.json'))).toBe(false);
  });

  it("another package's document served under a name fails it", async () => {
    const p = await project(SPECS);
    const other = JSON.stringify(p.registry.documentOf('tiny'));
    p.registry.hostile = (path) => (path === '/left-pad' ? { status: 200, body: other } : undefined);
    const r = await run(p, pinsOf(p));
    expect(pkg(doc(r.stdout), 'left-pad')).toMatchObject({ result: 'failed', error: { code: 'ErrorMismatchPackageName' } });
    expect(r.status).toBe(1);
  });

  it('a registry signature that does not verify, or none where keys are known, fails', async () => {
    const p = await project(SPECS);
    const left = p.registry.documentOf('left-pad') as { versions: Record<string, { dist: { signatures: { sig: string }[] } }> };
    const sig = left.versions['1.3.0']!.dist.signatures[0]!;
    sig.sig = Buffer.from(sig.sig, 'base64').reverse().toString('base64');
    const tiny = p.registry.documentOf('tiny') as { versions: Record<string, { dist: { signatures: unknown[] } }> };
    tiny.versions['0.1.0']!.dist.signatures = [];
    const r = await run(p, pinsOf(p));
    expect(pkg(doc(r.stdout), 'left-pad')).toMatchObject({ result: 'failed', error: { code: 'ErrorInvalidSignature' } });
    expect(pkg(doc(r.stdout), 'tiny')).toMatchObject({ result: 'failed', error: { code: 'ErrorNoValidSignature' } });
    expect(r.status).toBe(1);
  });

  it('a version without attestations after attested ones is a downgrade, even on first use', async () => {
    const p = await project([{ name: 'tiny', version: '0.1.0' }, { name: 'tiny', version: '0.2.0' }], { unattested: (x) => x.version === '0.2.0' });
    const r = await run(p, pinsOf(p));
    expect(pkg(doc(r.stdout), 'tiny')).toMatchObject({ version: '0.2.0', result: 'failed', error: { code: 'ErrorEvidenceDowngrade' } });
    expect(r.status).toBe(1);
  });

  it('a package never published with attestations passes on first use, counted as without provenance', async () => {
    const p = await project(SPECS, { unattested: (x) => x.name === 'tiny' });
    const r = await run(p, ['--pins', join(p.dir, 'pins.json')]);
    expect(r.stderr).toContain('2 verified, 1 without provenance');
    expect(r.status).toBe(0);
  });

  it('a registry that keeps failing (500) is exit 4 naming the package', async () => {
    const p = await project(SPECS);
    p.registry.hostile = () => ({ status: 500 });
    const r = await run(p, pinsOf(p));
    expect(pkg(doc(r.stdout), 'tiny')).toMatchObject({ result: 'failed', error: { code: 'ErrorRegistryUnreachable' } });
    expect(pkg(doc(r.stdout), 'tiny').error!.message).toContain('tiny@0.1.0');
    expect(r.status).toBe(4);
  });

  it('429 then an answer: retried, passes', async () => {
    const p = await project(SPECS);
    const seen = new Set<string>();
    p.registry.hostile = (path) => {
      if (seen.has(path)) return undefined;
      seen.add(path);
      return { status: 429, headers: { 'retry-after': '0' } };
    };
    const r = await run(p, ['--pins', join(p.dir, 'pins.json')]);
    expect(r.status).toBe(0);
  });

  it('slow and huge answers are exit 4; 404 for the package is "not present" (exit 1)', async () => {
    const p = await project(SPECS);
    p.registry.hostile = (path) => (path === '/tiny' ? { status: 200, delayMs: 3000, body: '{}' } : path === '/left-pad' ? { status: 200, hugeBytes: 80 * 1024 * 1024 } : path.startsWith('/@acme') ? { status: 404 } : undefined);
    const r = await run(p, pinsOf(p));
    const d = doc(r.stdout);
    expect(pkg(d, 'tiny').error!.code).toBe('ErrorRegistryUnreachable');
    expect(pkg(d, 'left-pad').error!.code).toBe('ErrorRegistryUnreachable');
    expect(pkg(d, '@acme/util').error!.code).toBe('ErrorNotPresent');
    expect(r.status).toBe(1);
  });

  it('a redirect to plain http on another host, or from a loopback registry to a public one over http, is refused (exit 4)', async () => {
    const p = await project(SPECS);
    p.registry.hostile = () => ({ status: 302, headers: { location: 'http://registry.example.invalid/x' } });
    const r = await run(p, pinsOf(p));
    expect(doc(r.stdout).packages.every((x) => x.error?.code === 'ErrorRegistryUnreachable')).toBe(true);
    expect(r.status).toBe(4);
  });

  it('a scoped private registry gets its token; the default registry never sees it', async () => {
    const tree = await project(SPECS);
    const acme = tree.tree.packages.filter((x) => x.name.startsWith('@acme/'));
    const privateRegistry: NpmRegistryStandIn = await startNpmRegistry({ packages: acme, registryKeys: tree.tree.registryKeys, token: 's3cret' });
    open.push(privateRegistry);
    const host = new URL(privateRegistry.url).host;
    writeFileSync(join(tree.dir, '.npmrc'), `registry=${tree.registry.url}\n@acme:registry=${privateRegistry.url}\n//${host}/:_authToken=\${ACME_TOKEN}\n`);
    tree.registry.hostile = (path) => (path.startsWith('/@acme') ? { status: 500 } : undefined);
    const r = await run(tree, ['--pins', join(tree.dir, 'pins.json')], { ACME_TOKEN: 's3cret' });
    expect(r.status).toBe(0);
    expect(privateRegistry.requests.length).toBeGreaterThan(0);
    expect(privateRegistry.requests.every((q) => q.authorization === 'Bearer s3cret')).toBe(true);
    expect(tree.registry.requests.every((q) => q.authorization === undefined)).toBe(true);

    // A registry that is not the token's asks for one: it is not given, and the run could not ask (exit 4).
    tree.registry.hostile = () => ({ status: 401, headers: { 'www-authenticate': 'Bearer realm="npm"' } });
    const asked = await run(tree, ['--pins', join(tree.dir, 'pins2.json'), '--format', 'json'], { ACME_TOKEN: 's3cret' });
    expect(pkg(doc(asked.stdout), 'tiny').error!.code).toBe('ErrorRegistryUnreachable');
    expect(asked.status).toBe(4);
    expect(tree.registry.requests.every((q) => q.authorization === undefined)).toBe(true);
  });

  it('without the token the private registry refuses: exit 4', async () => {
    const tree = await project(SPECS);
    const privateRegistry = await startNpmRegistry({ packages: tree.tree.packages, registryKeys: tree.tree.registryKeys, token: 's3cret' });
    open.push(privateRegistry);
    writeFileSync(join(tree.dir, '.npmrc'), `registry=${privateRegistry.url}\n`);
    const r = await run(tree, ['--pins', join(tree.dir, 'pins.json')]);
    expect(r.status).toBe(4);
  });
});

describe('verify-lockfile --evidence-dir: an air gap', () => {
  it('stores what it fetched; --offline then verifies from it alone, and a tampered copy fails', async () => {
    const p = await project(SPECS);
    const dir = join(p.dir, 'evidence');
    const pins = join(p.dir, 'pins.json');
    expect((await run(p, ['--pins', pins, '--evidence-dir', dir])).status).toBe(0);
    const before = p.registry.requests.length;
    const offline = await run(p, ['--pins', pins, '--evidence-dir', dir, '--offline', '--format', 'json']);
    expect(offline.status).toBe(0);
    expect(doc(offline.stdout).packages.map((x) => x.pin)).toEqual(['matched', 'matched', 'matched']);
    expect(p.registry.requests.length).toBe(before);

    const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as { documents: Record<string, string> };
    const url = Object.keys(index.documents).find((u) => u.includes('/attestations/tiny@'))!;
    const stored = join(dir, 'sha256', index.documents[url]!);
    writeFileSync(stored, readFileSync(stored, 'utf8').replace('"attestations"', '"attestations" '));
    const tampered = await run(p, ['--pins', pins, '--evidence-dir', dir, '--offline', '--format', 'json']);
    expect(pkg(doc(tampered.stdout), 'tiny')).toMatchObject({ result: 'failed', error: { code: 'ErrorInvalidFormat' } });
    expect(tampered.status).toBe(1);
  });

  it('--offline with an evidence dir that lacks a package is exit 2', async () => {
    const p = await project(SPECS);
    const dir = join(p.dir, 'evidence');
    writeFileSync(join(p.dir, 'x'), '');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(dir);
    writeFileSync(join(dir, 'index.json'), JSON.stringify({ schemaVersion: 1, documents: {} }));
    const r = await run(p, ['--pins', join(p.dir, 'pins.json'), '--evidence-dir', dir, '--offline']);
    expect(r.status).toBe(2);
    expect(p.registry.requests).toHaveLength(0);
  });
});

describe('slsa-verify fetch LOCKFILE --evidence-dir DIR', () => {
  it('prepares the evidence dir on a connected machine; an offline verify then needs nothing else', async () => {
    const p = await project(SPECS);
    const dir = join(p.dir, 'evidence');
    const fetched = await runCli(['fetch', p.lockfile, '--evidence-dir', dir], { HOME: p.home, ...FAST });
    expect(fetched.stderr).toContain('PASSED: stored the evidence of 3 packages');
    expect(fetched.status).toBe(0);
    await p.registry.close();
    const r = await run(p, ['--pins', join(p.dir, 'pins.json'), '--evidence-dir', dir, '--offline']);
    expect(r.stderr).toContain('PASSED');
    expect(r.status).toBe(0);
  });

  it('a registry that cannot be asked is exit 4, naming the package', async () => {
    const p = await project(SPECS);
    p.registry.hostile = (path) => (path === '/tiny' ? { status: 503 } : undefined);
    const r = await runCli(['fetch', p.lockfile, '--evidence-dir', join(p.dir, 'e'), '--format', 'json'], { HOME: p.home, ...FAST });
    const d = JSON.parse(r.stdout) as { stored: number; unavailable: { name: string; error: { code: string } }[] };
    expect(d).toMatchObject({ stored: 2, unavailable: [{ name: 'tiny', error: { code: 'ErrorRegistryUnreachable' } }] });
    expect(r.status).toBe(4);
  });
});
