import { createHash } from 'node:crypto';
import { mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import * as z from 'zod';
import { VerifyError } from '../errors/index.js';
import { writeFileAtomic } from '../files/write-atomic.js';
import { parseStrictJson } from '../lockfile/strict-json.js';
import type { Fetcher } from './fetcher.js';
import type { GetOptions } from './http-client.js';
import { readBoundedFile, readBoundedText, isMissingFile } from '../files/read-bounded.js';
import { FILE_CAPS } from '../files/caps.js';
import { ownRecord } from '../input/own-record.js';

/**
 * --evidence-dir DIR: every fetched document stored by its sha256
 * (`DIR/sha256/HEX`), and `DIR/index.json` mapping each URL asked to the
 * digest answered (null: the source had none). The directory is never
 * trusted: a stored document is checked against its digest on every read and
 * then judged by the same stages as a fetched one, so a tampered copy fails
 * exactly as a tampered answer would.
 */
export interface ClosableFetcher extends Fetcher {
  /** Writes the index (with the network) and releases the source. */
  close(): Promise<void>;
}

const indexSchema = z.strictObject({
  schemaVersion: z.literal(1),
  documents: ownRecord(z.string().regex(/^[0-9a-f]{64}$/).nullable(), z.string().min(1)),
});

const INDEX = 'index.json';

export async function openEvidenceFetcher(client: Fetcher | undefined, dir: string | undefined): Promise<ClosableFetcher> {
  if (dir === undefined) {
    if (!client) throw new VerifyError('ErrorUsage', 'no source of evidence: the network is off and no --evidence-dir was given');
    return { get: (url, options) => client.get(url, options), close: async () => undefined };
  }
  const index = await readIndex(dir, client === undefined);
  if (!client) return offline(dir, index);
  await mkdir(join(dir, 'sha256'), { recursive: true });
  let changed = false;
  return {
    async get(url: string, options: GetOptions): Promise<Buffer | undefined> {
      const bytes = await client.get(url, options);
      const digest = bytes === undefined ? null : createHash('sha256').update(bytes).digest('hex');
      if (bytes !== undefined && digest !== null) await writeOnce(join(dir, 'sha256', digest), bytes, true);
      if (index.get(url) !== digest) {
        index.set(url, digest);
        changed = true;
      }
      return bytes;
    },
    async close(): Promise<void> {
      if (!changed) return;
      const documents: Record<string, string | null> = Object.create(null) as Record<string, string | null>;
      for (const [url, digest] of [...index].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) documents[url] = digest;
      await writeOnce(join(dir, INDEX), Buffer.from(`${JSON.stringify({ schemaVersion: 1, documents }, null, 1)}\n`), true);
    },
  };
}

function offline(dir: string, index: ReadonlyMap<string, string | null>): ClosableFetcher {
  return {
    async get(url: string, options: GetOptions): Promise<Buffer | undefined> {
      if (!index.has(url)) {
        throw new VerifyError('ErrorUsage', `${options.what}: --offline and ${dir} has no copy of ${url} (prepare it with slsa-verify fetch LOCKFILE --evidence-dir ${dir})`);
      }
      const digest = index.get(url);
      if (digest === null || digest === undefined) return undefined;
      const path = join(dir, 'sha256', digest);
      const bytes = await readBoundedFile(path, { what: options.what, maxBytes: options.maxBytes, unreadableCode: 'ErrorUsage', tooLargeCode: 'ErrorInvalidFormat' });
      if (createHash('sha256').update(bytes).digest('hex') !== digest) {
        throw new VerifyError('ErrorInvalidFormat', `${options.what}: ${path} does not match its digest (the evidence directory was altered)`);
      }
      return bytes;
    },
    close: async () => undefined,
  };
}

async function readIndex(dir: string, required: boolean): Promise<Map<string, string | null>> {
  const path = join(dir, INDEX);
  let text: string;
  try {
    text = await readBoundedText(path, { what: '--evidence-dir index', maxBytes: FILE_CAPS.evidenceIndex, unreadableCode: 'ErrorUsage', tooLargeCode: 'ErrorUsage' });
  } catch (err) {
    if (isMissingFile(err) && !required) return new Map();
    throw err;
  }
  const parsed = indexSchema.safeParse(parseStrictJson(text, path));
  if (!parsed.success) throw new VerifyError('ErrorUsage', `${path}: not an evidence index (${parsed.error.issues[0]?.path.join('.') ?? ''}: ${parsed.error.issues[0]?.message ?? ''})`);
  return new Map(Object.entries(parsed.data.documents));
}

/** Through the shared atomic write: a reader never sees half a document, nothing planted beside it is followed. */
async function writeOnce(path: string, bytes: Buffer, replace = false): Promise<void> {
  if (!replace) {
    try {
      await stat(path);
      return; // content-addressed: already there
    } catch {
      // absent: write it
    }
  }
  await writeFileAtomic(path, bytes, 'evidence');
}
