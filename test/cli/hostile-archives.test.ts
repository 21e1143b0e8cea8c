import { mkdtempSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import tar from 'tar-stream';
import { describe, expect, it } from 'vitest';
import { FILE_CAPS } from '../../src/files/caps.js';
import { readTarballManifest } from '../../src/npm/tarball.js';
import { HELLO_DIGEST, writeLayout } from '../image/layout-fixture.js';
import { filesOf } from '../image/tar-fixture.js';
import { runCli, type JsonReport } from './run-cli.js';

/** One tar entry: a regular file, or a symlink / hard link to `linkname`, under any (possibly hostile) name. */
type Entry = { name: string; data?: Buffer | string; type?: 'file' | 'symlink' | 'link' | 'directory'; linkname?: string; size?: number };

async function tarOf(entries: readonly Entry[]): Promise<Buffer> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  pack.on('data', (c: unknown) => chunks.push(c as Buffer));
  const done = new Promise<void>((resolve) => pack.on('end', () => resolve()));
  for (const e of entries) {
    const type = e.type ?? 'file';
    if (type === 'file') pack.entry({ name: e.name }, Buffer.from(e.data ?? ''));
    else pack.entry({ name: e.name, type, linkname: e.linkname ?? '' });
  }
  pack.finalize();
  await done;
  return Buffer.concat(chunks);
}

const dir = mkdtempSync(join(tmpdir(), 'hostile-archives-'));
let n = 0;
const write = (bytes: Buffer): string => {
  const path = join(dir, `a-${n++}`);
  writeFileSync(path, bytes);
  return path;
};

async function manifestCode(entries: readonly Entry[]): Promise<string | undefined> {
  try {
    await readTarballManifest(write(gzipSync(await tarOf(entries))));
    return undefined;
  } catch (err) {
    return (err as { code?: string }).code;
  }
}

const manifest = JSON.stringify({ name: 'hello', version: '1.0.0' });
const evil = JSON.stringify({ name: 'evil', version: '6.6.6' });

describe('npm tarball: an archive must not be able to say two things', () => {
  it('the plain archive reads', async () => {
    expect(await manifestCode([{ name: 'package/package.json', data: manifest }])).toBeUndefined();
  });

  it('a package.json that is a symlink, a hard link or a directory fails', async () => {
    for (const type of ['symlink', 'link', 'directory'] as const) {
      expect(await manifestCode([{ name: 'package/x.json', data: manifest }, { name: 'package/package.json', type, linkname: 'package/x.json' }]), type).toBe('ErrorInvalidFormat');
    }
  });

  it('a second copy under another spelling fails: ./, //, ../, a trailing entry', async () => {
    for (const twin of ['./package/package.json', 'package//package.json', '../package.json', 'other/package.json']) {
      expect(await manifestCode([{ name: 'package/package.json', data: manifest }, { name: twin, data: evil }]), twin).toBe('ErrorInvalidFormat');
    }
  });

  it('a tarball one byte over its cap fails from its size, before anything is read', async () => {
    const path = join(dir, 'huge.tgz');
    writeFileSync(path, '');
    truncateSync(path, FILE_CAPS.npmTarball + 1);
    const started = Date.now();
    await expect(readTarballManifest(path)).rejects.toMatchObject({ code: 'ErrorInvalidFormat' });
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('a package.json deeper than the root or nested 100,000 levels fails', async () => {
    expect(await manifestCode([{ name: 'package/package.json', data: `{"name":"a","version":"1","x":${'['.repeat(100_000)}${']'.repeat(100_000)}}` }])).toBe('ErrorInvalidFormat');
  });
});

const ARGS = [
  '--source-uri', 'github.com/slsa-verify-fixtures/hello',
  '--builder-id', 'https://github.com/slsa-framework/slsa-github-generator/.github/workflows/generator_generic_slsa3.yml@refs/tags/v2.1.0',
  '--trusted-root', 'fixtures/trusted_root.json', '--format', 'json',
];

async function verifyArchive(entries: readonly Entry[]): Promise<{ status: number | null; code: string | undefined }> {
  const run = await runCli(['verify-image', `docker-archive:${write(await tarOf(entries))}@sha256:${HELLO_DIGEST}`, ...ARGS]);
  return { status: run.status, code: (JSON.parse(run.stdout) as JsonReport).error?.code };
}

describe('verify-image docker-archive: hostile entries around a validly signed layout', () => {
  const layout = filesOf(writeLayout()).map((f): Entry => ({ name: f.path, data: f.data }));
  const index = layout.find((e) => e.name === 'index.json')!;

  it('the plain archive passes', async () => {
    expect(await verifyArchive(layout)).toEqual({ status: 0, code: undefined });
  });

  it('a second index.json (./index.json, /index.json) or a second copy of a blob fails', async () => {
    const other = JSON.stringify({ schemaVersion: 2, manifests: [] });
    for (const twin of ['./index.json', '/index.json', 'index.json']) {
      const run = await verifyArchive([...layout, { name: twin, data: other }]);
      expect(run.status, twin).toBe(1);
      expect(run.code, twin).toBe('ErrorInvalidFormat');
    }
    const blob = layout.find((e) => e.name.startsWith('blobs/'))!;
    expect((await verifyArchive([...layout, { name: `./${blob.name}`, data: blob.data }])).status).toBe(1);
  });

  it('index.json as a symlink or hard link fails; a ../index.json outside the archive root is ignored', async () => {
    const rest = layout.filter((e) => e !== index);
    for (const type of ['symlink', 'link'] as const) {
      const run = await verifyArchive([...rest, { name: 'elsewhere.json', data: index.data }, { name: 'index.json', type, linkname: 'elsewhere.json' }]);
      expect(run.status, type).toBe(1);
      expect(run.code, type).toBe('ErrorInvalidFormat');
    }
    const outside = await verifyArchive([...rest, { name: '../index.json', data: index.data }]);
    expect(outside.status).toBe(1);
    expect(outside.code).toBe('ErrorImageHash');
  });

  it('an entry whose header claims more than the archive holds fails (truncated)', async () => {
    const bytes = await tarOf(layout);
    const run = await runCli(['verify-image', `docker-archive:${write(bytes.subarray(0, 1536))}@sha256:${HELLO_DIGEST}`, ...ARGS]);
    expect(run.status).toBe(1);
  });
});
