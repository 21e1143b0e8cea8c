import { generateKeyPairSync } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { NPM_CLI_BUILDER } from '../../src/tools/fixtures/npm.js';
import { servedKeys } from '../../src/tools/stand-ins/npm-registry.js';
import { json } from '../../src/tools/stand-ins/server.js';
import { startNpmProject, type FetchNpmProject } from '../support/fetch-projects.js';
import { runCli } from './run-cli.js';

// Without --npm-registry-keys the registry's own /-/npm/v1/keys verifies its dist.signatures (and, off the public registry, its publish attestations).
const FAST = { SLSA_VERIFY_HTTP_TIMEOUT_MS: '400', SLSA_VERIFY_HTTP_BACKOFF_MS: '10' };
const KEYS_PATH = '/-/npm/v1/keys';
const SPECS = [
  { name: 'left-pad', version: '1.3.0' },
  { name: 'tiny', version: '0.1.0' },
];
const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

async function project(): Promise<FetchNpmProject> {
  const p = await startNpmProject(SPECS);
  open.push(p.registry);
  return p;
}

interface LockJson {
  error: { code: string } | null;
  packages: { name: string; result: string; error: { code: string; message: string } | null }[];
}

async function verify(p: FetchNpmProject, extra: string[] = []): Promise<{ status: number | null; codes: string[]; doc: LockJson }> {
  const r = await runCli(['verify-lockfile', p.lockfile, '--trusted-root', p.trustedRoot, '--pins', join(p.dir, 'pins.json'), '--format', 'json', ...extra], { HOME: p.home, ...FAST });
  const doc = JSON.parse(r.stdout) as LockJson;
  return { status: r.status, codes: doc.packages.map((x) => x.error?.code ?? x.result), doc };
}

const keysAsked = (p: FetchNpmProject) => p.registry.requests.filter((q) => q.path === KEYS_PATH).length;

describe('verify-lockfile: the registry keys from /-/npm/v1/keys', () => {
  it('are fetched once per registry and verify every package; --npm-registry-keys replaces them (not asked)', async () => {
    const p = await project();
    expect(await verify(p)).toMatchObject({ status: 0, codes: ['verified', 'verified'] });
    expect(keysAsked(p)).toBe(1);
    const before = p.registry.requests.length;
    expect((await verify(p, ['--npm-registry-keys', p.registryKeys])).status).toBe(0);
    expect(p.registry.requests.slice(before).some((q) => q.path === KEYS_PATH)).toBe(false);
  });

  it('are stored in --evidence-dir and judged again on every offline use (a tampered copy fails)', async () => {
    const p = await project();
    const dir = join(p.dir, 'evidence');
    expect((await runCli(['fetch', p.lockfile, '--evidence-dir', dir], { HOME: p.home, ...FAST })).status).toBe(0);
    const asked = p.registry.requests.length;
    expect(await verify(p, ['--evidence-dir', dir, '--offline'])).toMatchObject({ status: 0, codes: ['verified', 'verified'] });
    expect(p.registry.requests.length).toBe(asked);
    const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as { documents: Record<string, string> };
    const url = Object.keys(index.documents).find((u) => u.endsWith(KEYS_PATH))!;
    const stored = join(dir, 'sha256', index.documents[url]!);
    writeFileSync(stored, readFileSync(stored, 'utf8').replace('"keys"', '"keys" '));
    const tampered = await verify(p, ['--evidence-dir', dir, '--offline']);
    expect(tampered.codes).toEqual(['ErrorInvalidFormat', 'ErrorInvalidFormat']);
    expect(tampered.status).toBe(1);
  });

  it('a key that expired before the version was published fails its signature; one expiring later does not', async () => {
    const p = await project();
    const keys = servedKeys(p.tree.registryKeys);
    // The fixture registry says each package was published at 2025-07-01T10:01Z.
    keys.keys[0]!.expires = '2025-07-01T10:00:30Z';
    p.registry.hostile = (path) => (path === KEYS_PATH ? json(keys) : undefined);
    const r = await verify(p);
    expect(r.codes).toEqual(['ErrorInvalidPublicKey', 'ErrorInvalidPublicKey']);
    expect(r.doc.packages[1]!.error!.message).toContain('was not valid at 2025-07-01T10:01:00.000Z');
    expect(r.status).toBe(1);
    keys.keys[0]!.expires = '2025-07-01T10:01:30Z';
    expect(await verify(p)).toMatchObject({ status: 0, codes: ['verified', 'verified'] });
  });

  it('hostile key lists: another key under the signing key id, an unknown key id, a malformed list, none at all', async () => {
    const p = await project();
    const other = servedKeys(p.tree.registryKeys);
    other.keys[0]!.key = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
    p.registry.hostile = (path) => (path === KEYS_PATH ? json(other) : undefined);
    expect((await verify(p)).codes).toEqual(['ErrorInvalidSignature', 'ErrorInvalidSignature']);

    const renamed = servedKeys(p.tree.registryKeys);
    renamed.keys[0]!.keyid = 'SHA256:another';
    p.registry.hostile = (path) => (path === KEYS_PATH ? json(renamed) : undefined);
    expect((await verify(p)).codes).toEqual(['ErrorInvalidPublicKey', 'ErrorInvalidPublicKey']);

    p.registry.hostile = (path) => (path === KEYS_PATH ? json({ keys: [{ keyid: 'x', key: 'not base64 spki' }] }) : undefined);
    expect((await verify(p)).codes).toEqual(['ErrorInvalidTrustedRoot', 'ErrorInvalidTrustedRoot']);

    const twice = servedKeys(p.tree.registryKeys);
    twice.keys.push(twice.keys[0]!);
    p.registry.hostile = (path) => (path === KEYS_PATH ? json(twice) : undefined);
    expect((await verify(p)).codes).toEqual(['ErrorInvalidTrustedRoot', 'ErrorInvalidTrustedRoot']);

    // No list served: the embedded (public registry) keys stand, and they did not sign these.
    p.registry.hostile = (path) => (path === KEYS_PATH ? { status: 404 } : undefined);
    const none = await verify(p);
    expect(none.codes).toEqual(['ErrorInvalidPublicKey', 'ErrorInvalidPublicKey']);
    expect(none.status).toBe(1);
  });

  it('a key list that cannot be had (500) is exit 4', async () => {
    const p = await project();
    p.registry.hostile = (path) => (path === KEYS_PATH ? { status: 500 } : undefined);
    const r = await verify(p);
    expect(r.codes).toEqual(['ErrorRegistryUnreachable', 'ErrorRegistryUnreachable']);
    expect(r.status).toBe(4);
  });
});

describe('verify-npm-package: the registry keys from /-/npm/v1/keys', () => {
  it('verify a fetched package without --npm-registry-keys; an expired key fails it', async () => {
    const p = await project();
    writeFileSync(join(p.home, '.npmrc'), `registry=${p.registry.url}\n`);
    const args = ['verify-npm-package', 'left-pad@1.3.0', '--integrity', p.tree.packages[0]!.integrity, '--source-uri', 'github.com/slsa-verify-fixtures/hello-npm', '--builder-id', NPM_CLI_BUILDER, '--trusted-root', p.trustedRoot, '--format', 'json'];
    const ok = await runCli(args, { HOME: p.home, ...FAST });
    expect(ok.status).toBe(0);
    const keys = servedKeys(p.tree.registryKeys);
    keys.keys[0]!.expires = '2025-07-01T10:00:30Z';
    p.registry.hostile = (path) => (path === KEYS_PATH ? json(keys) : undefined);
    const expired = await runCli(args, { HOME: p.home, ...FAST });
    expect((JSON.parse(expired.stdout) as { error: { code: string } }).error.code).toBe('ErrorInvalidPublicKey');
    expect(expired.status).toBe(1);
  });
});
