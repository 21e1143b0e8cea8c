import * as z from 'zod';
import { VerifyError } from '../errors/index.js';
import { writeFileAtomic } from '../files/write-atomic.js';
import { ownRecord } from '../input/own-record.js';
import { isMissingFile, readBoundedText } from '../files/read-bounded.js';
import { FILE_CAPS } from '../files/caps.js';
import { parseStrictJson } from '../lockfile/strict-json.js';
import type { PublisherIdentity } from '../lockfile/package-result.js';
import { parsePinKey, pinKey } from './pin-key.js';

const identitySchema = z.strictObject({ repository: z.string(), workflow: z.string(), builder: z.string() });
const pinsSchema = z.strictObject({ schemaVersion: z.literal(1), pins: ownRecord(identitySchema, z.string().min(1)) });

/** The pinned publisher per package, keyed by pinKey (canonical names). */
export interface Pins {
  schemaVersion: 1;
  pins: Map<string, PublisherIdentity>;
}

/** A missing file is an empty pin set (first use); anything unreadable or malformed is a usage error, never "no pins". */
export async function loadPins(path: string): Promise<Pins> {
  let text: string;
  try {
    text = await readBoundedText(path, { what: 'pins', maxBytes: FILE_CAPS.pins, tooLargeCode: 'ErrorUsage' });
  } catch (err) {
    if (isMissingFile(err)) return { schemaVersion: 1, pins: new Map() };
    throw err;
  }
  return parsePins(text, `pins ${path}`);
}

/**
 * Keys written by older versions may name a package as the lockfile did
 * (`pypi:Hello_Py`): they are read under the canonical key, and two keys
 * naming one package with different publishers are refused, not merged.
 */
export function parsePins(text: string, source: string): Pins {
  const parsed = pinsSchema.safeParse(parseStrictJson(text, source));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new VerifyError('ErrorUsage', `${source}: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'bad shape'}`);
  }
  const pins = new Map<string, PublisherIdentity>();
  const keyOf = new Map<string, string>();
  for (const [key, identity] of Object.entries(parsed.data.pins)) {
    const parts = parsePinKey(key);
    if (!parts) throw new VerifyError('ErrorUsage', `${source}: pins.${key}: not npm:NAME or pypi:NAME`);
    const canonical = pinKey(parts.ecosystem, parts.name);
    const prior = pins.get(canonical);
    if (prior && !samePublisher(prior, identity)) {
      throw new VerifyError('ErrorUsage', `${source}: pins.${keyOf.get(canonical)!} and pins.${key} name one package (${canonical}) with different publishers`);
    }
    pins.set(canonical, identity);
    keyOf.set(canonical, key);
  }
  return { schemaVersion: 1, pins };
}

export function samePublisher(a: PublisherIdentity, b: PublisherIdentity): boolean {
  return a.repository === b.repository && a.workflow === b.workflow && a.builder === b.builder;
}

/** Through the shared atomic write: a reader sees the old or the new file, never half, and nothing planted beside it is followed. */
export async function savePins(path: string, pins: Pins): Promise<void> {
  const entries = [...pins.pins].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  // A null-prototype object: no key can reach a prototype while serialising.
  const record: Record<string, PublisherIdentity> = Object.create(null) as Record<string, PublisherIdentity>;
  for (const [key, identity] of entries) record[key] = identity;
  await writeFileAtomic(path, `${JSON.stringify({ schemaVersion: 1, pins: record }, null, 2)}\n`, 'pins');
}
