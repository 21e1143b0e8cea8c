import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { z } from 'zod';
import { VerifyError } from '../errors/index.js';

/**
 * The tarball's own package.json ("package/package.json": npm strips the
 * first path component, whatever its name). The whole archive is read,
 * streaming, so a second package.json further down cannot hide: any
 * ambiguity or damage fails.
 */
export interface PackageManifest {
  name: string;
  version: string;
}

const BLOCK = 512;
const MAX_MANIFEST_BYTES = 16 * 1024 * 1024;
const MAX_META_BYTES = 1024 * 1024;

const manifestSchema = z.object({ name: z.string(), version: z.string() }).loose();

function bad(detail: string): VerifyError {
  return new VerifyError('ErrorInvalidFormat', `npm tarball: ${detail}`);
}

function cString(b: Buffer): string {
  const end = b.indexOf(0);
  return b.subarray(0, end < 0 ? b.length : end).toString('utf8');
}

function octal(b: Buffer, what: string): number {
  if ((b[0]! & 0x80) !== 0) throw bad(`${what} in base-256 is not supported`);
  const text = cString(b).trim();
  if (!/^[0-7]*$/.test(text)) throw bad(`${what} is not octal`);
  return text === '' ? 0 : parseInt(text, 8);
}

function checksumOk(header: Buffer): boolean {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : header[i]!;
  return sum === octal(header.subarray(148, 156), 'checksum');
}

/** "len key=value\n" records of a pax header (lengths in bytes); only "path" matters here. */
function paxPath(data: Buffer): string | undefined {
  let path: string | undefined;
  let at = 0;
  while (at < data.length) {
    const space = data.indexOf(0x20, at);
    const len = space < 0 ? NaN : Number(data.subarray(at, space).toString('latin1'));
    if (!Number.isInteger(len) || len <= space - at + 1 || at + len > data.length || data[at + len - 1] !== 0x0a) {
      throw bad('malformed pax header');
    }
    const kv = data.subarray(space + 1, at + len - 1).toString('utf8');
    const eq = kv.indexOf('=');
    if (eq > 0 && kv.slice(0, eq) === 'path') path = kv.slice(eq + 1);
    at += len;
  }
  return path;
}

function isRootManifest(path: string): boolean {
  const parts = path.split('/').filter((p) => p !== '' && p !== '.');
  return parts.length === 2 && parts[1] === 'package.json';
}

export async function readTarballManifest(path: string): Promise<PackageManifest> {
  let pending: Buffer = Buffer.alloc(0);
  /** What the parser waits for: a header, or an entry's data (kept or skipped). */
  let state: { kind: 'header' } | { kind: 'data'; size: number; padded: number; keep: 'manifest' | 'pax' | 'longname' | undefined } = { kind: 'header' };
  let nextPath: string | undefined;
  let manifest: Buffer | undefined;
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
      if (!checksumOk(header)) throw bad('header checksum mismatch');
      const size = octal(header.subarray(124, 136), 'size');
      const type = String.fromCharCode(header[156]!);
      const ustar = header.subarray(257, 262).toString('latin1') === 'ustar';
      const name = cString(header.subarray(0, 100));
      const prefix = ustar ? cString(header.subarray(345, 500)) : '';
      const entryPath = nextPath ?? (prefix ? `${prefix}/${name}` : name);
      let keep: 'manifest' | 'pax' | 'longname' | undefined;
      if (type === 'x' || type === 'L') {
        if (size > MAX_META_BYTES) throw bad('oversized extended header');
        keep = type === 'x' ? 'pax' : 'longname';
      } else {
        nextPath = undefined;
        if (type !== 'g' && isRootManifest(entryPath)) {
          if (type !== '0' && type !== '\0' && type !== '7') throw bad(`${entryPath} is not a regular file`);
          if (manifest !== undefined) throw bad('more than one package.json at the package root');
          if (size > MAX_MANIFEST_BYTES) throw bad('package.json is too large');
          keep = 'manifest';
        }
      }
      state = { kind: 'data', size, padded: Math.ceil(size / BLOCK) * BLOCK, keep };
      return true;
    }
    if (state.keep === undefined) {
      // Skip data without holding it.
      const take = Math.min(state.padded, pending.length);
      pending = pending.subarray(take);
      state.padded -= take;
      if (state.padded > 0) return false;
      state = { kind: 'header' };
      return true;
    }
    if (pending.length < state.padded) return false;
    const data = Buffer.from(pending.subarray(0, state.size));
    pending = pending.subarray(state.padded);
    if (state.keep === 'manifest') manifest = data;
    else if (state.keep === 'pax') nextPath = paxPath(data) ?? nextPath;
    else nextPath = cString(data);
    state = { kind: 'header' };
    return true;
  };

  try {
    const source = createReadStream(path);
    const stream = createGunzip();
    // pipe() does not forward a read error (ENOENT...): pass it on so the loop below throws it.
    source.on('error', (err) => stream.destroy(err));
    source.pipe(stream);
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (ended) continue;
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      while (!ended && step());
    }
  } catch (err) {
    if (err instanceof VerifyError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR') throw new VerifyError('ErrorUnreadableFile', `tarball ${path}: ${code}`);
    throw bad(`not a gzip-compressed tar archive (${err instanceof Error ? err.message : String(err)})`);
  }
  if (!ended && (state.kind !== 'header' || pending.length > 0)) throw bad('truncated archive');
  if (manifest === undefined) throw bad('no package.json at the package root');

  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(manifest));
  } catch {
    throw bad('package.json is not valid JSON');
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) throw bad('package.json has no string name and version');
  return { name: parsed.data.name, version: parsed.data.version };
}
