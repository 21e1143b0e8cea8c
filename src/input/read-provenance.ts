import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { VerifyError } from '../errors/index.js';
import { describeIssue } from './bundle-shape.js';
import { dsseEnvelopeSchema, isBundleLike, provenanceBundleSchema, type Evidence } from './evidence.js';

/** Real provenance files are kilobytes; refusing huge ones keeps a hostile file from exhausting memory. */
const MAX_PROVENANCE_BYTES = 64 * 1024 * 1024;

export async function readProvenanceFile(path: string): Promise<Evidence[]> {
  return (await readProvenance(path)).items;
}

/** The file's lines, and the SHA-256 of exactly the bytes they were parsed from (for a VSA's inputAttestations). */
export async function readProvenance(path: string): Promise<{ items: Evidence[]; sha256: string }> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (err) {
    throw new VerifyError('ErrorUnreadableFile', `provenance ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  if (bytes.length > MAX_PROVENANCE_BYTES) {
    throw new VerifyError('ErrorInvalidFormat', `provenance ${path} is larger than ${MAX_PROVENANCE_BYTES} bytes`);
  }
  return { items: parseProvenance(bytes), sha256: createHash('sha256').update(bytes).digest('hex') };
}

/**
 * A provenance file is either one JSON document (a bundle, possibly pretty-printed)
 * or JSON Lines, one bundle or DSSE envelope per line. Any line that is not one of
 * those fails the whole file: a half-understood file is not evidence.
 */
export function parseProvenance(bytes: Uint8Array): Evidence[] {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new VerifyError('ErrorInvalidFormat', 'provenance is not valid UTF-8');
  }
  const whole = tryJson(text);
  const documents: { line: number; json: unknown }[] =
    whole.ok ? [{ line: 1, json: whole.value }] : splitJsonLines(text);
  if (documents.length === 0) throw new VerifyError('ErrorInvalidFormat', 'provenance file is empty');
  return documents.map(({ line, json }) => classify(json, line));
}

function splitJsonLines(text: string): { line: number; json: unknown }[] {
  const out: { line: number; json: unknown }[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (line === '') return;
    const parsed = tryJson(line);
    if (!parsed.ok) throw new VerifyError('ErrorInvalidFormat', `provenance line ${index + 1} is not JSON`);
    out.push({ line: index + 1, json: parsed.value });
  });
  return out;
}

function classify(json: unknown, line: number): Evidence {
  if (isBundleLike(json)) {
    const bundle = provenanceBundleSchema.safeParse(json);
    if (!bundle.success) {
      throw new VerifyError('ErrorInvalidFormat', `line ${line}: not a DSSE provenance bundle: ${describeIssue(bundle.error)}`);
    }
    return { kind: 'bundle', line, json };
  }
  const envelope = dsseEnvelopeSchema.safeParse(json);
  if (!envelope.success) {
    throw new VerifyError('ErrorInvalidFormat', `line ${line}: neither a Sigstore bundle nor a DSSE envelope: ${describeIssue(envelope.error)}`);
  }
  return { kind: 'dsse', line, envelope: envelope.data };
}

function tryJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}
