import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hashArtifacts, planHashing } from '../../src/artifacts/hash-artifacts.js';
import { hashFile } from '../../src/artifacts/hash-file.js';

const dir = mkdtempSync(join(tmpdir(), 'sv-hash-'));

describe('hashFile', () => {
  it('matches a one-shot digest across chunk boundaries', async () => {
    const data = Buffer.alloc(9 * 1024 * 1024 + 7, 0x5a);
    const path = join(dir, 'big.bin');
    writeFileSync(path, data);
    const out = await hashFile(path, ['sha256', 'sha512']);
    expect(out.sha256).toBe(createHash('sha256').update(data).digest('hex'));
    expect(out.sha512).toBe(createHash('sha512').update(data).digest('hex'));
  });

  it('reuses its large buffers from file to file without mixing contents, one after another or at once', async () => {
    const files = [0x11, 0x22, 0x33].map((fill, i) => {
      const data = Buffer.alloc(8 * 1024 * 1024 + i * 4097, fill);
      const path = join(dir, `reuse-${i}.bin`);
      writeFileSync(path, data);
      return { path, sha256: createHash('sha256').update(data).digest('hex') };
    });
    for (const f of files) expect((await hashFile(f.path, ['sha256'])).sha256).toBe(f.sha256);
    const together = await Promise.all(files.map((f) => hashFile(f.path, ['sha256'])));
    expect(together.map((d) => d.sha256)).toEqual(files.map((f) => f.sha256));
    // A failure in between leaves no stale read behind for the next file.
    await expect(hashFile(join(dir, 'missing'), ['sha256'])).rejects.toMatchObject({ code: 'ErrorUnreadableFile' });
    expect((await hashFile(files[2]!.path, ['sha256'])).sha256).toBe(files[2]!.sha256);
  });

  it('hashes an empty file', async () => {
    const path = join(dir, 'empty');
    writeFileSync(path, '');
    expect((await hashFile(path, ['sha256'])).sha256).toBe(createHash('sha256').digest('hex'));
  });

  it('refuses a FIFO and a device at once instead of waiting for a writer', async () => {
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    await expect(hashFile(fifo, ['sha256'])).rejects.toMatchObject({ code: 'ErrorUnreadableFile' });
    await expect(hashFile('/dev/zero', ['sha256'])).rejects.toMatchObject({ code: 'ErrorUnreadableFile' });
  });

  it('refuses a directory and a missing file with a usage code', async () => {
    mkdirSync(join(dir, 'sub'), { recursive: true });
    await expect(hashFile(join(dir, 'sub'), ['sha256'])).rejects.toMatchObject({ code: 'ErrorUnreadableFile' });
    await expect(hashFile(join(dir, 'missing'), ['sha256'])).rejects.toMatchObject({ code: 'ErrorUnreadableFile' });
  });
});

describe('hashArtifacts', () => {
  it('hashes each distinct path once and reports failures per path', async () => {
    const a = join(dir, 'a.txt');
    writeFileSync(a, 'a');
    const out = await hashArtifacts([a, a, join(dir, 'missing')], ['sha256']);
    expect(out.size).toBe(2);
    expect(out.get(a)).toMatchObject({ ok: true, digests: { sha256: createHash('sha256').update('a').digest('hex') } });
    expect(out.get(join(dir, 'missing'))).toMatchObject({ ok: false });
  });
});

describe('planHashing', () => {
  it('keeps small work and one-core machines on the main thread', () => {
    expect(planHashing([1024, 2048], 8)).toEqual({ workers: 0, mainThreadHashes: true });
    expect(planHashing([1 << 30], 1)).toEqual({ workers: 0, mainThreadHashes: true });
    expect(planHashing([], 8, 0)).toEqual({ workers: 0, mainThreadHashes: true });
  });

  it('gives one large file to a single worker and leaves the main thread free', () => {
    expect(planHashing([1 << 30], 2)).toEqual({ workers: 1, mainThreadHashes: false });
  });

  it('uses the main thread as one of the hashers for several large files, with a bounded pool', () => {
    expect(planHashing(Array(8).fill(256 << 20), 2)).toEqual({ workers: 1, mainThreadHashes: true });
    expect(planHashing(Array(8).fill(256 << 20), 64)).toEqual({ workers: 3, mainThreadHashes: true });
    expect(planHashing([100 << 20, 1], 4)).toEqual({ workers: 1, mainThreadHashes: true });
  });
});

describe('hashArtifacts through the worker pool (built dist/)', () => {
  // Workers load the compiled hash-worker.js, so the pool is exercised from dist/ (`npm test` builds first).
  const distUrl = new URL('../../dist/artifacts/hash-artifacts.js', import.meta.url);
  const load = async (): Promise<typeof import('../../src/artifacts/hash-artifacts.js')> =>
    (await import(distUrl.href)) as typeof import('../../src/artifacts/hash-artifacts.js');

  it('hashes every file once, in any order, and fails missing files and directories per path', async () => {
    const { hashArtifacts: pooled } = await load();
    const files = Array.from({ length: 5 }, (_, i) => {
      const path = join(dir, `pool-${i}.bin`);
      writeFileSync(path, Buffer.alloc(1000 * (i + 1), i));
      return path;
    });
    mkdirSync(join(dir, 'pool-dir'), { recursive: true });
    const targets = [...files, files[0]!, join(dir, 'pool-missing'), join(dir, 'pool-dir')];
    const out = await pooled(targets, ['sha256', 'sha512'], { workerThresholdBytes: 0 });
    expect(out.size).toBe(7);
    files.forEach((path, i) => {
      const data = Buffer.alloc(1000 * (i + 1), i);
      expect(out.get(path)).toEqual({
        ok: true,
        digests: { sha256: createHash('sha256').update(data).digest('hex'), sha512: createHash('sha512').update(data).digest('hex') },
      });
    });
    expect(out.get(join(dir, 'pool-missing'))).toMatchObject({ ok: false, error: { code: 'ErrorUnreadableFile' } });
    expect(out.get(join(dir, 'pool-dir'))).toMatchObject({ ok: false, error: { code: 'ErrorUnreadableFile' } });
  });

  it('hashes a single large file in a worker', async () => {
    const { hashArtifacts: pooled } = await load();
    const path = join(dir, 'pool-one.bin');
    const data = Buffer.alloc(5 * 1024 * 1024 + 3, 7);
    writeFileSync(path, data);
    const out = await pooled([path], ['sha256'], { workerThresholdBytes: 0 });
    expect(out.get(path)).toEqual({ ok: true, digests: { sha256: createHash('sha256').update(data).digest('hex') } });
  });
});
