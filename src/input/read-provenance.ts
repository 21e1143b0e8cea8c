import { createHash } from 'node:crypto';
import { VerifyError } from '../errors/index.js';
import { describeIssue } from './bundle-shape.js';
import { dsseEnvelopeSchema, isBundleLike, provenanceBundleSchema, type Evidence } from './evidence.js';
import { readBoundedFile } from '../files/read-bounded.js';
import { JsonTooDeepError, parseUntrustedJson } from '../files/untrusted-json.js';
import { FILE_CAPS } from '../files/caps.js';

/** Real provenance files are kilobytes; refusing huge ones keeps a hostile file from exhausting memory. */
const MAX_PROVENANCE_BYTES = FILE_CAPS.provenance;

export async function readProvenanceFile(path: string): Promise<Evidence[]> {
  return (await readProvenance(path)).items;
}

/** The file's lines, and the SHA-256 of exactly the bytes they were parsed from (for a VSA's inputAttestations). */
export async function readProvenance(path: string): Promise<{ items: Evidence[]; sha256: string }> {
  const bytes = await readBoundedFile(path, { what: 'provenance', maxBytes: MAX_PROVENANCE_BYTES, tooLargeCode: 'ErrorInvalidFormat' });
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
    return { ok: true, value: parseUntrustedJson(text) };
  } catch (err) {
    if (err instanceof JsonTooDeepError) throw new VerifyError('ErrorInvalidFormat', `provenance: ${err.message}`);
    return { ok: false };
  }
}
