import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Blob } from './image-fixture.js';

/**
 * A real OCI registry (Debian's `docker-registry`, distribution v2) on
 * 127.0.0.1, storage in a temp dir; and pushing through its HTTP API.
 */

export const REGISTRY_BINARY = '/usr/bin/docker-registry';

function installed(): boolean {
  return existsSync(REGISTRY_BINARY) || spawnSync('sh', ['-c', 'command -v docker-registry']).status === 0;
}

/**
 * `npm test` installs the registry itself when it is missing and it can (root
 * with apt-get), so a fresh machine runs these tests; it says so on its
 * output first. Otherwise, or when the install fails, they are skipped.
 */
function ensureInstalled(): boolean {
  if (installed()) return true;
  const canInstall = process.getuid?.() === 0 && spawnSync('sh', ['-c', 'command -v apt-get']).status === 0;
  if (!canInstall) return false;
  // Straight to the terminal, before apt-get blocks this worker (console output is buffered).
  writeSync(
    2,
    "npm test: installing Debian's docker-registry system-wide (apt-get update && apt-get install -y docker-registry): " +
      'the verify-image registry tests run a real OCI registry on 127.0.0.1. Install it beforehand to skip this step.\n',
  );
  const run = spawnSync('sh', ['-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker-registry'], {
    stdio: ['ignore', 'ignore', 'pipe'],
    timeout: 300_000,
  });
  const ok = installed();
  const why = run.stderr.toString().trim().split('\n').at(-1) ?? '';
  writeSync(2, ok ? 'npm test: docker-registry installed.\n' : `npm test: installing docker-registry failed (exit ${run.status ?? run.signal}): ${why}\n`);
  return ok;
}

export const registryAvailable = ensureInstalled();

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface RunningRegistry {
  /** host:port */
  host: string;
  stop(): Promise<void>;
}

export async function startRegistry(): Promise<RunningRegistry> {
  const dir = mkdtempSync(join(tmpdir(), 'registry-'));
  const port = await freePort();
  const host = `127.0.0.1:${port}`;
  writeFileSync(join(dir, 'config.yml'), [
    'version: 0.1',
    'log:', '  level: error', '  accesslog:', '    disabled: true',
    'storage:', `  filesystem:`, `    rootdirectory: ${join(dir, 'data')}`,
    'http:', `  addr: ${host}`,
    '',
  ].join('\n'));
  const binary = existsSync(REGISTRY_BINARY) ? REGISTRY_BINARY : 'docker-registry';
  const child: ChildProcess = spawn(binary, ['serve', join(dir, 'config.yml')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  const deadline = Date.now() + 15_000;
  for (;;) {
    try {
      const r = await fetch(`http://${host}/v2/`);
      if (r.status === 200) break;
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill();
      throw new Error(`docker-registry did not start: ${log}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    host,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => {
          rmSync(dir, { recursive: true, force: true });
          resolve();
        });
        child.kill();
      }),
  };
}

async function ok(response: Response, what: string): Promise<void> {
  if (response.status >= 300) throw new Error(`${what}: HTTP ${response.status} ${await response.text()}`);
}

export async function pushBlob(host: string, repo: string, blob: Blob): Promise<void> {
  const start = await fetch(`http://${host}/v2/${repo}/blobs/uploads/`, { method: 'POST' });
  await ok(start, 'start upload');
  const location = new URL(start.headers.get('location') ?? '', `http://${host}`);
  location.searchParams.set('digest', blob.digest);
  await ok(await fetch(location, { method: 'PUT', body: blob.bytes, headers: { 'content-type': 'application/octet-stream' } }), `put blob ${blob.digest}`);
}

export async function pushManifest(host: string, repo: string, reference: string, manifest: Blob, mediaType = 'application/vnd.oci.image.manifest.v1+json'): Promise<void> {
  await ok(await fetch(`http://${host}/v2/${repo}/manifests/${reference}`, { method: 'PUT', body: manifest.bytes, headers: { 'content-type': mediaType } }), `put manifest ${reference}`);
}
