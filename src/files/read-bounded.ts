import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { pipeline, Transform, type Readable } from 'node:stream';
import { VerifyError, type ErrorCode } from '../errors/index.js';

/**
 * The one way the tool reads a file it is given. A path may name anything:
 * `/dev/zero` never ends, a FIFO blocks the open until a writer comes, a
 * directory has no bytes. So the file is opened non-blocking (a FIFO opens at
 * once), refused unless fstat says it is a regular file (a symlink to one is
 * fine: open follows it and fstat sees the target), refused when fstat says
 * it is over its cap, and read only up to the cap plus one byte, so a file
 * that grows while read (or, like /proc, states no size) is never held whole.
 */

/** O_NONBLOCK: a FIFO opens without waiting for a writer; O_NOCTTY: a terminal never becomes ours. */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0);

export interface FileRole {
  /** Names the file in messages: "provenance", "trusted root", "--vsa-key"... */
  what: string;
  /** The code for a file that cannot be opened or is not a regular file (default ErrorUnreadableFile, exit 2). */
  unreadableCode?: ErrorCode;
  /** The code for one that opens but is not a regular file, when it differs (a FIFO planted inside evidence). */
  notRegularCode?: ErrorCode;
}

export interface BoundedRead extends FileRole {
  /** The most bytes accepted. */
  maxBytes: number;
  /** The code for a file larger than maxBytes (default ErrorUnreadableFile). */
  tooLargeCode?: ErrorCode;
}

function errnoOf(err: unknown): string {
  return (err as NodeJS.ErrnoException | undefined)?.code ?? String(err);
}

function unreadable(path: string, role: FileRole, detail: string, cause?: unknown): VerifyError {
  return new VerifyError(role.unreadableCode ?? 'ErrorUnreadableFile', `${role.what} ${path}: ${detail}`, { cause });
}

function tooLarge(path: string, read: BoundedRead): VerifyError {
  return new VerifyError(read.tooLargeCode ?? 'ErrorUnreadableFile', `${read.what} ${path} is larger than ${read.maxBytes} bytes`);
}

/** True when a read failed only because nothing exists at the path (e.g. pins on first use). */
export function isMissingFile(err: unknown): boolean {
  return err instanceof VerifyError && errnoOf(err.cause) === 'ENOENT';
}

function kindOf(stat: Stats): string {
  if (stat.isDirectory()) return 'a directory';
  if (stat.isFIFO()) return 'a FIFO';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  if (stat.isSocket()) return 'a socket';
  return 'not a regular file';
}

function requireRegular(path: string, role: FileRole, stat: Stats): void {
  if (!stat.isFile()) throw unreadable(path, { ...role, unreadableCode: role.notRegularCode ?? role.unreadableCode }, `not a regular file (${kindOf(stat)})`);
}

/**
 * The bytes read so far, in a buffer sized for the file's stated size plus the
 * one byte that tells "at the cap" from "over it", grown only up to that.
 */
class CappedBuffer {
  #buffer: Buffer;
  #total = 0;
  readonly #limit: number;

  constructor(stat: Stats, maxBytes: number) {
    this.#limit = maxBytes + 1;
    this.#buffer = Buffer.allocUnsafe(Math.min(maxBytes, stat.size) + 1);
  }

  /** Where the next read goes, or undefined once the cap plus one byte is held. */
  space(): { buffer: Buffer; offset: number; length: number } | undefined {
    if (this.#total === this.#buffer.length) {
      if (this.#total >= this.#limit) return undefined;
      const bigger = Buffer.allocUnsafe(Math.min(this.#limit, Math.max(this.#buffer.length * 2, 64 * 1024)));
      this.#buffer.copy(bigger);
      this.#buffer = bigger;
    }
    return { buffer: this.#buffer, offset: this.#total, length: this.#buffer.length - this.#total };
  }

  advance(bytesRead: number): void {
    this.#total += bytesRead;
  }

  /** The file's bytes, or the too-large error once more than the cap arrived. */
  bytes(path: string, read: BoundedRead): Buffer {
    if (this.#total > read.maxBytes) throw tooLarge(path, read);
    return this.#buffer.subarray(0, this.#total);
  }
}

/** The whole file, at most `maxBytes` of it; anything else is a VerifyError naming the file. */
export async function readBoundedFile(path: string, read: BoundedRead): Promise<Buffer> {
  const { handle, stat } = await openRegularFile(path, read);
  try {
    if (stat.size > read.maxBytes) throw tooLarge(path, read);
    const held = new CappedBuffer(stat, read.maxBytes);
    for (let space = held.space(); space; space = held.space()) {
      let bytesRead: number;
      try {
        ({ bytesRead } = await handle.read(space.buffer, space.offset, space.length, null));
      } catch (err) {
        throw unreadable(path, read, errnoOf(err), err);
      }
      if (bytesRead === 0) break;
      held.advance(bytesRead);
    }
    return held.bytes(path, read);
  } finally {
    await handle.close();
  }
}

/** readBoundedFile for the synchronous loaders (trusted root, registry keys, trust config). */
export function readBoundedFileSync(path: string, read: BoundedRead): Buffer {
  let fd: number;
  try {
    fd = openSync(path, OPEN_FLAGS);
  } catch (err) {
    throw unreadable(path, read, errnoOf(err), err);
  }
  try {
    let stat: Stats;
    try {
      stat = fstatSync(fd);
    } catch (err) {
      throw unreadable(path, read, errnoOf(err), err);
    }
    requireRegular(path, read, stat);
    if (stat.size > read.maxBytes) throw tooLarge(path, read);
    const held = new CappedBuffer(stat, read.maxBytes);
    for (let space = held.space(); space; space = held.space()) {
      let bytesRead: number;
      try {
        bytesRead = readSync(fd, space.buffer, space.offset, space.length, null);
      } catch (err) {
        throw unreadable(path, read, errnoOf(err), err);
      }
      if (bytesRead === 0) break;
      held.advance(bytesRead);
    }
    return held.bytes(path, read);
  } finally {
    closeSync(fd);
  }
}

/** Text (UTF-8, invalid bytes replaced) of a bounded read: for PEM keys and YAML, whose parsers report their own errors. */
export async function readBoundedText(path: string, read: BoundedRead): Promise<string> {
  return (await readBoundedFile(path, read)).toString('utf8');
}

/**
 * An open regular file, for callers that stream it (hashing, archives). The
 * caller closes the handle.
 */
export async function openRegularFile(path: string, role: FileRole): Promise<{ handle: FileHandle; stat: Stats }> {
  let handle: FileHandle;
  try {
    handle = await open(path, OPEN_FLAGS);
  } catch (err) {
    throw unreadable(path, role, errnoOf(err), err);
  }
  try {
    const stat = await handle.stat();
    requireRegular(path, role, stat);
    return { handle, stat };
  } catch (err) {
    await handle.close();
    throw err instanceof VerifyError ? err : unreadable(path, role, errnoOf(err), err);
  }
}

/**
 * A regular file as a stream that stops after `maxBytes` (refused up front
 * when fstat already says more, and failing with the too-large error should
 * the file grow past it while read). The stream closes the file when it ends.
 */
export async function openBoundedStream(path: string, read: BoundedRead): Promise<Readable> {
  const { handle, stat } = await openRegularFile(path, read);
  if (stat.size > read.maxBytes) {
    await handle.close();
    throw tooLarge(path, read);
  }
  // `end` is inclusive: at most maxBytes + 1 bytes come out, enough to see a file that grew.
  const file = handle.createReadStream({ start: 0, end: read.maxBytes, autoClose: true });
  const limited = limitBytes(read.maxBytes, () => tooLarge(path, read));
  // pipeline: an error on either side reaches the reader, and a reader that stops early closes the file.
  return pipeline(file, limited, () => undefined);
}

/** A pass-through that fails with `fail()` once more than `maxBytes` went through (e.g. a decompressed stream). */
export function limitBytes(maxBytes: number, fail: () => Error): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      if (seen > maxBytes) done(fail());
      else done(null, chunk);
    },
  });
}
