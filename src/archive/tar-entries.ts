import type { Readable } from 'node:stream';
import tar from 'tar-stream';
import { VerifyError } from '../errors/index.js';

/**
 * One streaming pass over a tar archive with tar-stream (ustar, pax and GNU
 * long names, checksums): only the regular files the caller selects are kept in
 * memory, everything else is drained as it streams by. A kept path that occurs
 * twice, damage or truncation fails: an archive must not be able to say two things.
 */

export interface TarEntryInfo {
  /** Normalised: no leading "./" or "/", no empty or "." components. */
  path: string;
  size: number;
  type: string;
}

export interface ReadTarOptions {
  /** Which entries to keep (it may throw to refuse one outright); a selected entry must be a regular file. */
  keep: (entry: TarEntryInfo) => boolean;
  maxKeptBytes: number;
  /** Names the archive in messages, e.g. "docker archive x.tar". */
  label: string;
  /** Builds the error for a damaged archive. */
  fail: (detail: string) => VerifyError;
}

export function normalizeTarPath(path: string): string {
  return path.split('/').filter((p) => p !== '' && p !== '.').join('/');
}

const REGULAR_FILE = new Set(['file', 'contiguous-file']);

export async function readTarEntries(source: Readable, options: ReadTarOptions): Promise<Map<string, Buffer>> {
  const { keep, maxKeptBytes, label, fail } = options;
  const extract = tar.extract();
  // pipe() does not forward a source error (ENOENT, a gzip error...): pass it on.
  source.on('error', (err) => extract.destroy(err));
  source.pipe(extract);

  const kept = new Map<string, Buffer>();
  let keptBytes = 0;
  try {
    for await (const entry of extract) {
      const info: TarEntryInfo = {
        path: normalizeTarPath(entry.header.name),
        size: entry.header.size ?? 0,
        type: entry.header.type ?? 'file',
      };
      if (!keep(info)) {
        entry.resume();
        continue;
      }
      if (!REGULAR_FILE.has(info.type)) throw fail(`${info.path} is not a regular file`);
      if (kept.has(info.path)) throw fail(`${info.path} occurs twice`);
      keptBytes += info.size;
      if (keptBytes > maxKeptBytes) throw fail(`more than ${maxKeptBytes} bytes of selected files`);
      const chunks: Buffer[] = [];
      for await (const chunk of entry) chunks.push(chunk as Buffer);
      kept.set(info.path, Buffer.concat(chunks));
    }
  } catch (err) {
    source.destroy();
    extract.destroy();
    if (err instanceof VerifyError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR') {
      throw new VerifyError('ErrorUnreadableFile', `${label}: ${code}`);
    }
    throw fail(err instanceof Error ? err.message : String(err));
  }
  return kept;
}
