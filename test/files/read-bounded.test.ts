import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { VerifyError } from '../../src/errors/index.js';
import { isMissingFile, limitBytes, openBoundedStream, openRegularFile, readBoundedFile, readBoundedFileSync } from '../../src/files/read-bounded.js';

const dir = mkdtempSync(join(tmpdir(), 'read-bounded-'));
const fifo = join(dir, 'fifo');
execFileSync('mkfifo', [fifo]);
mkdirSync(join(dir, 'dir'));
const small = join(dir, 'small');
writeFileSync(small, 'hello');
for (const [link, target] of [['to-zero', '/dev/zero'], ['to-fifo', fifo], ['to-dir', join(dir, 'dir')], ['to-small', small]] as const) {
  symlinkSync(target, join(dir, link));
}

const read = { what: 'test file', maxBytes: 5 };

async function codeOfAsync(run: () => Promise<unknown>): Promise<string | undefined> {
  try {
    await run();
  } catch (err) {
    return err instanceof VerifyError ? err.code : `not a VerifyError: ${String(err)}`;
  }
  return undefined;
}

function codeOfSync(run: () => unknown): string | undefined {
  try {
    run();
  } catch (err) {
    return err instanceof VerifyError ? err.code : `not a VerifyError: ${String(err)}`;
  }
  return undefined;
}

describe('readBoundedFile / readBoundedFileSync', () => {
  it('reads a regular file, also through a symlink, up to the cap exactly', async () => {
    expect((await readBoundedFile(small, read)).toString()).toBe('hello');
    expect((await readBoundedFile(join(dir, 'to-small'), read)).toString()).toBe('hello');
    expect(readBoundedFileSync(join(dir, 'to-small'), read).toString()).toBe('hello');
    const empty = join(dir, 'empty');
    writeFileSync(empty, '');
    expect((await readBoundedFile(empty, read)).length).toBe(0);
  });

  it('refuses /dev/zero, a FIFO, a directory and a symlink to each, at once (ErrorUnreadableFile)', { timeout: 10_000 }, async () => {
    for (const name of ['/dev/zero', fifo, join(dir, 'dir'), join(dir, 'to-zero'), join(dir, 'to-fifo'), join(dir, 'to-dir')]) {
      expect(await codeOfAsync(() => readBoundedFile(name, read)), name).toBe('ErrorUnreadableFile');
      expect(codeOfSync(() => readBoundedFileSync(name, read)), name).toBe('ErrorUnreadableFile');
      expect(await codeOfAsync(() => openRegularFile(name, read)), name).toBe('ErrorUnreadableFile');
      expect(await codeOfAsync(() => openBoundedStream(name, read)), name).toBe('ErrorUnreadableFile');
    }
  });

  it('a file one byte over the cap fails with the caller\'s code, and so does a sparse giant (never read)', async () => {
    const over = join(dir, 'over');
    writeFileSync(over, 'hello!');
    expect(await codeOfAsync(() => readBoundedFile(over, { ...read, tooLargeCode: 'ErrorInvalidFormat' }))).toBe('ErrorInvalidFormat');
    expect(codeOfSync(() => readBoundedFileSync(over, { ...read, tooLargeCode: 'ErrorInvalidTrustedRoot' }))).toBe('ErrorInvalidTrustedRoot');
    const giant = join(dir, 'giant');
    writeFileSync(giant, '');
    truncateSync(giant, 2 ** 40);
    const started = Date.now();
    expect(await codeOfAsync(() => readBoundedFile(giant, { what: 'x', maxBytes: 1024 }))).toBe('ErrorUnreadableFile');
    expect(await codeOfAsync(() => openBoundedStream(giant, { what: 'x', maxBytes: 1024 }))).toBe('ErrorUnreadableFile');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('a file that states no size (procfs) is still read only to the cap plus one byte', async () => {
    expect(await codeOfAsync(() => readBoundedFile('/proc/self/maps', { what: 'x', maxBytes: 4 }))).toBe('ErrorUnreadableFile');
    expect((await readBoundedFile('/proc/self/maps', { what: 'x', maxBytes: 1024 * 1024 })).length).toBeGreaterThan(0);
  });

  it('a missing file is told apart from other failures, and can have its own code', async () => {
    const missing = join(dir, 'missing');
    let error: unknown;
    await readBoundedFile(missing, read).catch((err: unknown) => (error = err));
    expect(isMissingFile(error)).toBe(true);
    expect(await codeOfAsync(() => readBoundedFile(missing, { ...read, unreadableCode: 'ErrorNotPresent' }))).toBe('ErrorNotPresent');
    let fifoError: unknown;
    await readBoundedFile(fifo, read).catch((err: unknown) => (fifoError = err));
    expect(isMissingFile(fifoError)).toBe(false);
  });
});

describe('openBoundedStream', () => {
  it('streams a regular file whole', async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of await openBoundedStream(small, read)) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).toString()).toBe('hello');
  });

  it('limitBytes fails once more than the cap went through', async () => {
    const limited = limitBytes(3, () => new VerifyError('ErrorInvalidFormat', 'too much'));
    limited.end(Buffer.from('abcd'));
    expect(await codeOfAsync(async () => {
      for await (const _ of limited) void _;
    })).toBe('ErrorInvalidFormat');
  });
});
