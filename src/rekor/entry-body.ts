import * as z from 'zod';
import { VerifyError } from '../errors/index.js';
import { parseUntrustedJson } from '../files/untrusted-json.js';
import { verifiersOf } from '../sigstore/tlog-entry.js';

/**
 * What a logged entry body says about who signed: its kind and version, and
 * the signer's certificate (PEM) for the kinds a DSSE envelope is logged as.
 * Read before the entry is verified, so only ever used as a candidate that the
 * verification that follows must confirm.
 */
export interface EntryBody {
  kind: string;
  apiVersion: string;
  certificatePem: string | undefined;
}

const header = z.object({ kind: z.string().min(1), apiVersion: z.string().min(1) }).loose();

export function readEntryBody(bodyBase64: string): EntryBody {
  let json: unknown;
  try {
    json = parseUntrustedJson(Buffer.from(bodyBase64, 'base64').toString('utf8'));
  } catch {
    throw new VerifyError('ErrorInvalidRekorEntry', 'log entry body is not JSON');
  }
  const head = header.safeParse(json);
  if (!head.success) throw new VerifyError('ErrorInvalidRekorEntry', 'log entry body has no kind and apiVersion');
  const { kind, apiVersion } = head.data;
  return { kind, apiVersion, certificatePem: signerKey(kind, apiVersion, json) };
}

/** The kinds a DSSE envelope is logged as. */
const ENVELOPE_KINDS: ReadonlySet<string> = new Set(['intoto 0.0.1', 'intoto 0.0.2', 'dsse 0.0.1']);

function signerKey(kind: string, apiVersion: string, json: unknown): string | undefined {
  if (!ENVELOPE_KINDS.has(`${kind} ${apiVersion}`)) return undefined;
  let encoded: string | undefined;
  try {
    encoded = verifiersOf(kind, apiVersion, json)?.[0];
  } catch {
    // A malformed body names no candidate; verifying the entry will say why.
    return undefined;
  }
  if (encoded === undefined) return undefined;
  const pem = Buffer.from(encoded, 'base64').toString('utf8');
  return pem.includes('-----BEGIN CERTIFICATE-----') ? pem : undefined;
}
