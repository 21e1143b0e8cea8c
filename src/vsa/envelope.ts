import * as z from 'zod';
import { VerifyError } from '../errors/index.js';
import { IN_TOTO_PAYLOAD_TYPE } from '../provenance/statement.js';
import { refuseFoldedKeys, type GoFieldTable } from './go-keys.js';
import { parseUntrustedJson } from '../files/untrusted-json.js';
import { FILE_CAPS } from '../files/caps.js';

/** A DSSE envelope as go-securesystemslib reads it (signatures may carry a key id). */
const envelopeSchema = z
  .object({
    payloadType: z.string().nullish().transform((v) => v ?? ''),
    payload: z.string().nullish().transform((v) => v ?? ''),
    signatures: z
      .array(
        z
          .object({
            keyid: z.string().nullish().transform((v) => v ?? ''),
            sig: z.string().nullish().transform((v) => v ?? ''),
          })
          .loose(),
      )
      .nullish()
      .transform((v) => v ?? []),
  })
  .loose();
export type DsseEnvelope = z.output<typeof envelopeSchema>;

/** go-securesystemslib's dsse.Envelope and dsse.Signature. */
const ENVELOPE_FIELDS: GoFieldTable = [
  { path: [], fields: ['payloadType', 'payload', 'signatures'] },
  { path: ['signatures', '*'], fields: ['keyid', 'sig'] },
];

/** VSAs are a few kilobytes; the cap keeps a hostile file from exhausting memory. */
export const MAX_VSA_BYTES = FILE_CAPS.vsa;

/** The whole file is one envelope (a one-line .jsonl included), as Go's json.Unmarshal reads it. */
export function parseEnvelope(bytes: Uint8Array): DsseEnvelope {
  let json: unknown;
  try {
    json = parseUntrustedJson(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw new VerifyError('ErrorInvalidDssePayload', 'the attestation is not one JSON document');
  }
  refuseFoldedKeys(json, ENVELOPE_FIELDS);
  const parsed = envelopeSchema.safeParse(json);
  if (!parsed.success) throw new VerifyError('ErrorInvalidDssePayload', `not a DSSE envelope: ${parsed.error.issues[0]?.message ?? 'bad shape'}`);
  // As slsa-verifier's EnvelopeFromBytes, before any signature is tried: a VSA is an in-toto statement.
  if (parsed.data.payloadType !== IN_TOTO_PAYLOAD_TYPE) {
    throw new VerifyError('ErrorInvalidDssePayload', `expected payload type "${IN_TOTO_PAYLOAD_TYPE}", got "${parsed.data.payloadType}"`, {
      expected: IN_TOTO_PAYLOAD_TYPE,
      actual: parsed.data.payloadType,
    });
  }
  return parsed.data;
}

/** Standard or URL-safe base64, padded or not (go-securesystemslib's b64Decode); anything else fails. */
export function decodeBase64(s: string, what: string): Buffer {
  const std = /^[A-Za-z0-9+/]*={0,2}$/;
  const url = /^[A-Za-z0-9_-]*={0,2}$/;
  if (!std.test(s) && !url.test(s)) throw new VerifyError('ErrorInvalidDssePayload', `${what} is not base64`);
  const body = s.replace(/=+$/, '');
  if (body.length % 4 === 1) throw new VerifyError('ErrorInvalidDssePayload', `${what} is not base64`);
  return Buffer.from(body, std.test(s) ? 'base64' : 'base64url');
}

/** DSSE pre-authentication encoding: what the signature covers. */
export function preAuthEncoding(payloadType: string, payload: Buffer): Buffer {
  const type = Buffer.from(payloadType, 'utf8');
  return Buffer.concat([Buffer.from(`DSSEv1 ${type.length} `), type, Buffer.from(` ${payload.length} `), payload]);
}
