import * as z from 'zod';
import { VerifyError } from '../errors/index.js';

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

const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/);
const header = z.object({ kind: z.string().min(1), apiVersion: z.string().min(1) }).loose();

const intotoV001 = z.object({ spec: z.object({ publicKey: base64 }).loose() }).loose();
const intotoV002 = z
  .object({
    spec: z.object({
      content: z.object({ envelope: z.object({ signatures: z.array(z.object({ publicKey: base64 }).loose()).length(1) }).loose() }).loose(),
    }).loose(),
  })
  .loose();
const dsseV001 = z.object({ spec: z.object({ signatures: z.array(z.object({ verifier: base64 }).loose()).length(1) }).loose() }).loose();

export function readEntryBody(bodyBase64: string): EntryBody {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(bodyBase64, 'base64').toString('utf8'));
  } catch {
    throw new VerifyError('ErrorInvalidRekorEntry', 'log entry body is not JSON');
  }
  const head = header.safeParse(json);
  if (!head.success) throw new VerifyError('ErrorInvalidRekorEntry', 'log entry body has no kind and apiVersion');
  const { kind, apiVersion } = head.data;
  return { kind, apiVersion, certificatePem: signerKey(kind, apiVersion, json) };
}

function signerKey(kind: string, apiVersion: string, json: unknown): string | undefined {
  let encoded: string | undefined;
  if (kind === 'intoto' && apiVersion === '0.0.1') encoded = intotoV001.safeParse(json).data?.spec.publicKey;
  else if (kind === 'intoto' && apiVersion === '0.0.2') encoded = intotoV002.safeParse(json).data?.spec.content.envelope.signatures[0]?.publicKey;
  else if (kind === 'dsse' && apiVersion === '0.0.1') encoded = dsseV001.safeParse(json).data?.spec.signatures[0]?.verifier;
  if (encoded === undefined) return undefined;
  const pem = Buffer.from(encoded, 'base64').toString('utf8');
  return pem.includes('-----BEGIN CERTIFICATE-----') ? pem : undefined;
}
