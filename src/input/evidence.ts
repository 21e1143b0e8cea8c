import * as z from 'zod';
import { sigstoreBundleSchema } from './bundle-shape.js';

/** One signed statement as found in the provenance file, before any verification. */
export type Evidence =
  | { kind: 'bundle'; line: number; json: unknown }
  | { kind: 'dsse'; line: number; envelope: DsseEnvelope };

const base64 = z.string().regex(/^[A-Za-z0-9+/_-]*={0,2}$/, 'not base64');

export const dsseEnvelopeSchema = z.object({
  payloadType: z.string(),
  payload: base64,
  signatures: z
    .array(z.object({ keyid: z.string().optional(), sig: base64.min(1), cert: z.string().optional() }).loose())
    .min(1),
});
export type DsseEnvelope = z.infer<typeof dsseEnvelopeSchema>;

/**
 * A provenance bundle: the full Sigstore bundle shape (./bundle-shape.ts),
 * holding a DSSE envelope with exactly one signature. Message-signature
 * bundles are never provenance, and the library would check only the first
 * of several signatures.
 */
export const provenanceBundleSchema = sigstoreBundleSchema.refine(
  (b) => b.dsseEnvelope != null && b.dsseEnvelope.signatures.length === 1,
  { message: 'a provenance bundle must hold a DSSE envelope with exactly one signature' },
);

export function isBundleLike(json: unknown): boolean {
  return typeof json === 'object' && json !== null && 'mediaType' in json;
}
