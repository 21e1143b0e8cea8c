import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readTarballManifest } from '../../src/npm/tarball.js';
import { npmTarball } from '../../src/tools/fixtures/npm.js';

function write(bytes: Buffer): string {
  const path = join(mkdtempSync(join(tmpdir(), 'slsa-verify-tgz-')), 'p.tgz');
  writeFileSync(path, bytes);
  return path;
}

async function codeOf(path: string): Promise<string | undefined> {
  try {
    await readTarballManifest(path);
    return undefined;
  } catch (err) {
    return (err as { code?: string }).code;
  }
}

const manifest = JSON.stringify({ name: 'hello', version: '1.0.0' });

describe('readTarballManifest', () => {
  it('reads package/package.json (any root directory name)', async () => {
    expect(await readTarballManifest(write(npmTarball({ 'package/package.json': manifest, 'package/a.js': 'x' })))).toEqual({ name: 'hello', version: '1.0.0' });
    expect(await readTarballManifest(write(npmTarball({ 'hello/package.json': manifest })))).toEqual({ name: 'hello', version: '1.0.0' });
  });

  it('fails closed on a second root package.json, none, or a damaged archive', async () => {
    const twice = npmTarball({ 'package/package.json': manifest, 'other/package.json': JSON.stringify({ name: 'evil', version: '1.0.0' }) });
    expect(await codeOf(write(twice))).toBe('ErrorInvalidFormat');
    expect(await codeOf(write(npmTarball({ 'package/lib/package.json': manifest })))).toBe('ErrorInvalidFormat');
    expect(await codeOf(write(Buffer.from('not gzip')))).toBe('ErrorInvalidFormat');
    const good = npmTarball({ 'package/package.json': manifest });
    expect(await codeOf(write(gzipSync(Buffer.alloc(700, 7))))).toBe('ErrorInvalidFormat');
    expect(await codeOf(write(good.subarray(0, good.length - 10)))).toBe('ErrorInvalidFormat');
    expect(await codeOf('/nonexistent/p.tgz')).toBe('ErrorUnreadableFile');
  });
});
