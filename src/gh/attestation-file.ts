import type { Bundle } from '@sigstore/bundle';
import * as z from 'zod';
import { VerifyError } from '../errors/index.js';
import { FILE_CAPS } from '../files/caps.js';
import { readBoundedFile } from '../files/read-bounded.js';
import { parseUntrustedJson } from '../files/untrusted-json.js';
import { parseSigstoreBundle } from '../sigstore/parse-bundle.js';

/** One attestation of the file: the bundle as parsed, its JSON (for the verifier) and where it was. */
export interface AttestationEntry {
  /** 1-based line of a `.jsonl`; 1 for a single-bundle JSON file. */
  line: number;
  json: unknown;
  bundle: Bundle;
}

/**
 * A line of `gh attestation download` is the bundle itself; the GitHub API
 * (and tools that save its answer) wraps it as {"bundle": ...} with a few
 * fields of its own. Nothing else is read as a wrapper.
 */
const apiWrapper = z.strictObject({
  bundle: z.looseObject({ mediaType: z.string() }),
  repository_id: z.number().int().optional(),
  bundle_url: z.string().optional(),
  initiator: z.string().optional(),
});

/**
 * The attestations of `--bundle FILE`: one Sigstore bundle (a JSON document),
 * or JSON lines of bundles as `gh attestation download` writes them. Every
 * line must be a bundle: a junk line refuses the file (gh does the same);
 * so does a line repeating an earlier attestation, and a file holding more
 * than `limit` attestations (gh's --limit, applied to the file offline).
 */
export async function readAttestationFile(path: string, limit: number): Promise<AttestationEntry[]> {
  const bytes = await readBoundedFile(path, { what: 'attestation bundle', maxBytes: FILE_CAPS.provenance, tooLargeCode: 'ErrorInvalidFormat' });
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new VerifyError('ErrorInvalidFormat', `${path} is not UTF-8 text`);
  }
  const documents = splitDocuments(text, path);
  if (documents.length === 0) throw new VerifyError('ErrorInvalidFormat', `${path} holds no attestation`);
  if (documents.length > limit) {
    throw new VerifyError('ErrorInvalidFormat', `${path} holds ${documents.length} attestations, more than --limit ${limit}`, {
      expected: `at most ${limit}`,
      actual: String(documents.length),
    });
  }
  const entries: AttestationEntry[] = [];
  const seen = new Map<string, number>();
  for (const { line, json } of documents) {
    const bundleJson = unwrap(json);
    const bundle = parseSigstoreBundle(bundleJson, `Sigstore bundle on line ${line} of ${path}`);
    const identity = attestationIdentity(bundle);
    const earlier = seen.get(identity);
    if (earlier !== undefined) {
      throw new VerifyError('ErrorInvalidFormat', `line ${line} of ${path} repeats the attestation of line ${earlier}`);
    }
    seen.set(identity, line);
    entries.push({ line, json: bundleJson, bundle });
  }
  return entries;
}

function splitDocuments(text: string, path: string): { line: number; json: unknown }[] {
  const whole = tryParse(text);
  // A pretty-printed single bundle spans many lines; a .jsonl of one bundle is also one document.
  if (whole.ok && isObject(whole.value)) return [{ line: 1, json: whole.value }];
  const out: { line: number; json: unknown }[] = [];
  text.split('\n').forEach((raw, i) => {
    const content = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (content.trim() === '') return;
    const parsed = tryParse(content);
    if (!parsed.ok || !isObject(parsed.value)) {
      throw new VerifyError('ErrorInvalidFormat', `line ${i + 1} of ${path} is not a JSON object (one Sigstore bundle per line)`);
    }
    out.push({ line: i + 1, json: parsed.value });
  });
  return out;
}

function tryParse(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: parseUntrustedJson(text) };
  } catch {
    return { ok: false };
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function unwrap(json: unknown): unknown {
  if (isObject(json) && Object.hasOwn(json, 'bundle') && !Object.hasOwn(json, 'mediaType')) {
    const wrapped = apiWrapper.safeParse(json);
    if (!wrapped.success) throw new VerifyError('ErrorInvalidFormat', 'a {"bundle": ...} line carries fields the GitHub API does not write');
    return wrapped.data.bundle;
  }
  return json;
}

/** The signed content names an attestation: the same signature over the same payload is the same attestation. */
function attestationIdentity(bundle: Bundle): string {
  const content = bundle.content;
  if (content.$case === 'dsseEnvelope') {
    const signatures = content.dsseEnvelope.signatures.map((s) => Buffer.from(s.sig).toString('base64')).join(',');
    return `dsse:${Buffer.from(content.dsseEnvelope.payload).toString('base64')}:${signatures}`;
  }
  return `message:${Buffer.from(content.messageSignature.signature).toString('base64')}`;
}
