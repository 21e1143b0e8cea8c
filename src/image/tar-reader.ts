import { createReadStream } from 'node:fs';
import { VerifyError } from '../errors/index.js';

/**
 * A streaming reader of the (uncompressed) tar files `docker save` and
 * `skopeo copy docker-archive:` write. The archive is read once, in chunks;
 * only the regular files the caller asks for are kept in memory, everything
 * else (image layers) is skipped as it streams by. Any damage, or a kept path
 * that occurs twice, fails: an archive must not be able to say two things.
 */

const BLOCK = 512;
const MAX_META_BYTES = 1024 * 1024;

export interface TarEntryInfo {
  path: string;
  size: number;
}

function bad(archive: string, detail: string): VerifyError {
  return new VerifyError('ErrorInvalidFormat', `docker archive ${archive}: ${detail}`);
}

function cString(b: Buffer): string {
  const end = b.indexOf(0);
  return b.subarray(0, end < 0 ? b.length : end).toString('utf8');
}

/** Normalised archive path: no leading "./" or "/", no empty or "." components. */
export function normalizeTarPath(path: string): string {
  return path.split('/').filter((p) => p !== '' && p !== '.').join('/');
}

/** "len key=value\n" records of a pax extended header; only "path" and "size" matter here. */
function paxRecords(data: Buffer, fail: (d: string) => VerifyError): { path?: string; size?: number } {
  const out: { path?: string; size?: number } = {};
  let at = 0;
  while (at < data.length) {
    const space = data.indexOf(0x20, at);
    const len = space < 0 ? NaN : Number(data.subarray(at, space).toString('latin1'));
    if (!Number.isInteger(len) || len <= space - at + 1 || at + len > data.length || data[at + len - 1] !== 0x0a) {
      throw fail('malformed pax header');
    }
    const kv = data.subarray(space + 1, at + len - 1).toString('utf8');
    const eq = kv.indexOf('=');
    const key = eq > 0 ? kv.slice(0, eq) : '';
    if (key === 'path') out.path = kv.slice(eq + 1);
    if (key === 'size') {
      const size = Number(kv.slice(eq + 1));
      if (!Number.isSafeInteger(size) || size < 0) throw fail('bad pax size');
      out.size = size;
    }
    at += len;
  }
  return out;
}

/**
 * Reads `archive`, returning the content of every regular file for which
 * `keep` is true (keyed by normalised path). `maxKeptBytes` bounds the total.
 */
export async function readTarEntries(
  archive: string,
  keep: (entry: TarEntryInfo) => boolean,
  maxKeptBytes: number,
): Promise<Map<string, Buffer>> {
  const fail = (detail: string): VerifyError => bad(archive, detail);
  const octal = (b: Buffer, what: string): number => {
    if ((b[0]! & 0x80) !== 0) {
      // GNU base-256 (sizes of 8 GiB and more): big-endian after the marker bit.
      let n = 0;
      for (let i = 1; i < b.length; i++) n = n * 256 + b[i]!;
      if ((b[0]! & 0x7f) !== 0 || !Number.isSafeInteger(n)) throw fail(`${what} is out of range`);
      return n;
    }
    const text = cString(b).trim();
    if (!/^[0-7]*$/.test(text)) throw fail(`${what} is not octal`);
    return text === '' ? 0 : parseInt(text, 8);
  };

  const kept = new Map<string, Buffer>();
  let keptBytes = 0;
  let pending: Buffer = Buffer.alloc(0);
  type Keep = 'file' | 'pax' | 'longname' | undefined;
  let state: { kind: 'header' } | { kind: 'data'; size: number; padded: number; keep: Keep; path: string } = { kind: 'header' };
  let next: { path?: string; size?: number } = {};
  let ended = false;

  const step = (): boolean => {
    if (state.kind === 'header') {
      if (pending.length < BLOCK) return false;
      const header = pending.subarray(0, BLOCK);
      pending = pending.subarray(BLOCK);
      if (header.every((b) => b === 0)) {
        ended = true;
        return false;
      }
      let sum = 0;
      for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : header[i]!;
      if (sum !== octal(header.subarray(148, 156), 'checksum')) throw fail('bad header checksum');
      const type = String.fromCharCode(header[156]!);
      const ustar = header.subarray(257, 262).toString('latin1') === 'ustar';
      const prefix = ustar ? cString(header.subarray(345, 500)) : '';
      const headerPath = (prefix ? `${prefix}/` : '') + cString(header.subarray(0, 100));
      const size = next.size ?? octal(header.subarray(124, 136), 'size');
      const path = normalizeTarPath(next.path ?? headerPath);
      let want: Keep;
      if (type === 'x') want = 'pax';
      else if (type === 'L') want = 'longname';
      else if ((type === '0' || type === '\0') && keep({ path, size })) want = 'file';
      if (want === 'pax' || want === 'longname') {
        if (size > MAX_META_BYTES) throw fail('oversized extended header');
      } else {
        next = {};
      }
      if (want === 'file') {
        if (kept.has(path)) throw fail(`${path} occurs twice`);
        keptBytes += size;
        if (keptBytes > maxKeptBytes) throw fail(`more than ${maxKeptBytes} bytes of metadata`);
      }
      state = { kind: 'data', size, padded: Math.ceil(size / BLOCK) * BLOCK, keep: want, path };
      return true;
    }
    if (state.keep === undefined) {
      // Skipped data: drop what has arrived without keeping it.
      const drop = Math.min(state.padded, pending.length);
      pending = pending.subarray(drop);
      state.padded -= drop;
      if (state.padded > 0) return false;
      state = { kind: 'header' };
      return true;
    }
    if (pending.length < state.padded) return false;
    const data = Buffer.from(pending.subarray(0, state.size));
    pending = pending.subarray(state.padded);
    if (state.keep === 'file') kept.set(state.path, data);
    else if (state.keep === 'pax') next = { ...next, ...paxRecords(data, fail) };
    else next = { ...next, path: cString(data) };
    state = { kind: 'header' };
    return true;
  };

  const stream = createReadStream(archive);
  try {
    for await (const chunk of stream) {
      pending = pending.length === 0 ? (chunk as Buffer) : Buffer.concat([pending, chunk as Buffer]);
      while (!ended && step());
      if (ended) break;
    }
  } catch (err) {
    if (err instanceof VerifyError) throw err;
    throw new VerifyError('ErrorUnreadableFile', `docker archive ${archive}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  } finally {
    stream.destroy();
  }
  if (!ended && (state.kind !== 'header' || pending.length > 0)) throw fail('truncated archive');
  return kept;
}
