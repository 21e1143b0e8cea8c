import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hashArtifacts } from '../../src/artifacts/hash-artifacts.js';
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

  it('hashes an empty file', async () => {
    const path = join(dir, 'empty');
    writeFileSync(path, '');
    expect((await hashFile(path, ['sha256'])).sha256).toBe(createHash('sha256').digest('hex'));
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
