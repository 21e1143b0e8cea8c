import * as z from 'zod';
import { ownRecord } from '../input/own-record.js';

/**
 * Shapes of the Rekor v1 REST answers we read (sigstore/rekor openapi.yaml).
 * Everything a log server sends is untrusted until the entry has been verified
 * against the trusted root, so the shapes are strict about types and sizes.
 */

const hex64 = z.string().regex(/^[0-9a-f]{64}$/i, 'not a 64-hex digest');
const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'not base64');
const count = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

/** An entry UUID: the leaf hash, optionally prefixed by the 16-hex tree id (sharded logs). */
export const entryUuidSchema = z.string().regex(/^([0-9a-f]{16})?[0-9a-f]{64}$/i, 'not a Rekor entry UUID');

export const logEntryAnonSchema = z
  .object({
    body: base64.min(1),
    integratedTime: count,
    logID: hex64,
    logIndex: count,
    verification: z
      .object({
        inclusionProof: z
          .object({
            checkpoint: z.string().min(1),
            hashes: z.array(hex64).max(64),
            logIndex: count,
            rootHash: hex64,
            treeSize: count,
          })
          .loose()
          .optional(),
        signedEntryTimestamp: base64.min(1).optional(),
      })
      .loose()
      .optional(),
  })
  .loose();
export type LogEntryAnon = z.infer<typeof logEntryAnonSchema>;

/** `LogEntry`: an object mapping each UUID to its entry. */
export const logEntrySchema = ownRecord(logEntryAnonSchema, entryUuidSchema);

/** `POST /api/v1/log/entries/retrieve` answers an array of LogEntry objects. */
export const searchLogQueryAnswerSchema = z.array(logEntrySchema).max(100);

/** `POST /api/v1/index/retrieve` answers an array of UUIDs. */
export const searchIndexAnswerSchema = z.array(entryUuidSchema).max(10_000);

/** One entry as the log returned it, with the UUID it was filed under. */
export interface RekorEntry {
  uuid: string;
  entry: LogEntryAnon;
}

/** The leaf-hash part of a UUID, lower case: two spellings of one entry compare equal. */
export function leafHashOf(uuid: string): string {
  return uuid.slice(-64).toLowerCase();
}
