import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDockerArchive } from '../../src/image/docker-archive.js';
import { OciLayout } from '../../src/image/oci-layout.js';
import { BUNDLE, HELLO, HELLO_DIGEST, writeLayout } from './layout-fixture.js';
import { filesOf, writeTar, type TarFile } from './tar-fixture.js';
import { asyncCodeOf } from '../support/code-of.js';

// OCI layouts and docker archives written by whoever hands us the image: every
// file may be planted, every entry may lie. Each case fails closed, fast.

const blobPath = (dir: string, bytes: Buffer): string => join(dir, 'blobs', 'sha256', createHash('sha256').update(bytes).digest('hex'));
const attestations = async (dir: string): Promise<unknown> => (await OciLayout.open(dir)).attestations(HELLO_DIGEST);

function mkfifo(path: string): void {
  rmSync(path, { force: true });
  expect(spawnSync('mkfifo', [path]).status).toBe(0);
}

describe('OCI layout directory, hostile files', () => {
  it('a blob that is a symlink to /dev/zero is refused without reading it (ErrorInvalidFormat)', async () => {
    const dir = writeLayout();
    rmSync(blobPath(dir, Buffer.from(BUNDLE)));
    symlinkSync('/dev/zero', blobPath(dir, Buffer.from(BUNDLE)));
    const started = Date.now();
    expect(await asyncCodeOf(attestations(dir))).toBe('ErrorInvalidFormat');
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('a blob or index.json that is a FIFO does not hang (ErrorInvalidFormat)', async () => {
    const dir = writeLayout();
    mkfifo(blobPath(dir, HELLO));
    expect(await asyncCodeOf(attestations(dir))).toBe('ErrorInvalidFormat');
    const other = writeLayout();
    mkfifo(join(other, 'index.json'));
    expect(await asyncCodeOf(OciLayout.open(other))).toBe('ErrorInvalidFormat');
  });

  it('index.json that is /dev/zero, a directory or too large is refused', async () => {
    const zero = writeLayout();
    rmSync(join(zero, 'index.json'));
    symlinkSync('/dev/zero', join(zero, 'index.json'));
    expect(await asyncCodeOf(OciLayout.open(zero))).toBe('ErrorInvalidFormat');
    const huge = writeLayout();
    writeFileSync(join(huge, 'index.json'), Buffer.alloc(4 * 1024 * 1024 + 1, 0x20));
    expect(await asyncCodeOf(OciLayout.open(huge))).toBe('ErrorInvalidFormat');
    expect(await asyncCodeOf(OciLayout.open(join(writeLayout(), 'blobs')))).toBe('ErrorUnreadableFile');
  });

  it('a blob that does not hash to its name, or is longer than its descriptor says, is refused', async () => {
    const dir = writeLayout();
    writeFileSync(blobPath(dir, HELLO), Buffer.concat([HELLO, Buffer.from('x')]));
    expect(await asyncCodeOf(attestations(dir))).toBe('ErrorInvalidFormat');
    const swapped = writeLayout();
    writeFileSync(blobPath(swapped, HELLO), Buffer.from(BUNDLE));
    expect(await asyncCodeOf(attestations(swapped))).toBe('ErrorInvalidFormat');
  });

  it('an index entry whose digest is a path (../) or whose size lies is refused', async () => {
    const dir = writeLayout();
    const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as { manifests: { digest: string; size: number }[] };
    writeFileSync(join(dir, 'index.json'), JSON.stringify({ ...index, manifests: [{ ...index.manifests[0], digest: 'sha256:../../../../etc/passwd' }] }));
    expect(await asyncCodeOf(OciLayout.open(dir))).toBe('ErrorInvalidFormat');
    const lying = writeLayout();
    writeFileSync(join(lying, 'index.json'), JSON.stringify({ ...index, manifests: [{ ...index.manifests[0], size: 1 }, ...index.manifests.slice(1)] }));
    expect(await asyncCodeOf(attestations(lying))).toBe('ErrorInvalidFormat');
  });

  it('the image listed twice, once with a lying size, is refused', async () => {
    const dir = writeLayout();
    const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as { manifests: { digest: string; size: number }[] };
    writeFileSync(join(dir, 'index.json'), JSON.stringify({ ...index, manifests: [...index.manifests, { ...index.manifests[0], size: 3 }] }));
    expect(await asyncCodeOf((async () => (await OciLayout.open(dir)).requireImage(HELLO_DIGEST))())).toBe('ErrorInvalidFormat');
  });

  it('a blob symlinked to a regular file elsewhere is read and checked like any blob', async () => {
    const dir = writeLayout();
    const elsewhere = join(writeLayout(), 'copy');
    writeFileSync(elsewhere, HELLO);
    rmSync(blobPath(dir, HELLO));
    symlinkSync(elsewhere, blobPath(dir, HELLO));
    expect(await attestations(dir)).toHaveLength(1);
  });
});

describe('docker archive, hostile entries', () => {
  const layoutFiles = (): TarFile[] => filesOf(writeLayout());

  it('/dev/zero, a FIFO or a directory as the archive is refused before reading (ErrorUnreadableFile), fast', async () => {
    const fifo = join(writeLayout(), 'archive.fifo');
    mkfifo(fifo);
    for (const path of ['/dev/zero', fifo, writeLayout()]) {
      const started = Date.now();
      expect(await asyncCodeOf(openDockerArchive(path))).toBe('ErrorUnreadableFile');
      expect(Date.now() - started).toBeLessThan(2_000);
    }
  });

  it('entries outside the archive root (../) are never taken for the layout', async () => {
    const files = layoutFiles().map((f) => ({ ...f, path: `../${f.path}` }));
    expect(await asyncCodeOf(openDockerArchive(writeTar(files)))).toBe('ErrorImageHash');
    const nested = layoutFiles().map((f) => (f.path === 'index.json' ? { ...f, path: 'blobs/../index.json' } : f));
    expect(await asyncCodeOf(openDockerArchive(writeTar(nested)))).toBe('ErrorImageHash');
  });

  it('a symlink or hard link in place of a layout file is refused (ErrorInvalidFormat)', async () => {
    const files = layoutFiles();
    const index = files.find((f) => f.path === 'index.json')!;
    const hello = `blobs/sha256/${HELLO_DIGEST}`;
    const symlinked = [...files.filter((f) => f !== index), { path: 'index.json', data: Buffer.alloc(0), type: '2', linkname: '/etc/passwd' }];
    expect(await asyncCodeOf(openDockerArchive(writeTar(symlinked)))).toBe('ErrorInvalidFormat');
    const hardlinked = [...files.filter((f) => f.path !== hello), { path: hello, data: Buffer.alloc(0), type: '1', linkname: 'index.json' }];
    expect(await asyncCodeOf(openDockerArchive(writeTar(hardlinked)))).toBe('ErrorInvalidFormat');
  });

  it('a layout path that occurs twice fails, even when one copy is a skipped large blob', async () => {
    const files = layoutFiles();
    const hello = `blobs/sha256/${HELLO_DIGEST}`;
    const big = { path: hello, data: Buffer.alloc(9 * 1024 * 1024, 1) };
    expect(await asyncCodeOf(openDockerArchive(writeTar([big, ...files])))).toBe('ErrorInvalidFormat');
    const dotted = files.find((f) => f.path === 'oci-layout')!;
    expect(await asyncCodeOf(openDockerArchive(writeTar([...files, { ...dotted, path: './oci-layout' }])))).toBe('ErrorInvalidFormat');
  });

  it('an entry declaring a huge size fails before anything is buffered', async () => {
    const files = layoutFiles().map((f) => (f.path === 'index.json' ? { ...f, declaredSize: 8 * 1024 * 1024 * 1024 } : f));
    const started = Date.now();
    expect(await asyncCodeOf(openDockerArchive(writeTar(files)))).toBe('ErrorInvalidFormat');
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('a blob whose content does not hash to its name is refused', async () => {
    const files = layoutFiles().map((f) => (f.path === `blobs/sha256/${HELLO_DIGEST}` ? { ...f, data: Buffer.from('not hello') } : f));
    expect(await asyncCodeOf((async () => (await openDockerArchive(writeTar(files))).requireImage(HELLO_DIGEST))())).toBe('ErrorInvalidFormat');
  });

  it('a file of zeros (a run of empty blocks) ends: no layout, or damage', async () => {
    expect(await asyncCodeOf(openDockerArchive(writeTar([], Buffer.alloc(3 * 1024 * 1024))))).toBe('ErrorImageHash');
    expect(await asyncCodeOf(openDockerArchive(writeTar([], Buffer.alloc(3_000_000))))).toBe('ErrorInvalidFormat');
  });
});
