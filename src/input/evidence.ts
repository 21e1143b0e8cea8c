import * as z from 'zod';

/** One signed statement as found in the provenance file, before any verification. */
export type Evidence =
  | { kind: 'bundle'; line: number; json: unknown }
  | { kind: 'dsse'; line: number; envelope: DsseEnvelope };

const BUNDLE_MEDIA_TYPES = [
  'application/vnd.dev.sigstore.bundle+json;version=0.1',
  'application/vnd.dev.sigstore.bundle+json;version=0.2',
  'application/vnd.dev.sigstore.bundle+json;version=0.3',
  'application/vnd.dev.sigstore.bundle.v0.3+json',
] as const;

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
 * The outer shape of a provenance bundle. @sigstore/bundle validates the rest;
 * this only decides what the line is and rejects what we never accept
 * (message-signature bundles and envelopes with several signatures: the library
 * would check only the first one).
 */
export const provenanceBundleSchema = z
  .object({
    mediaType: z.enum(BUNDLE_MEDIA_TYPES),
    verificationMaterial: z.object({}).loose(),
    dsseEnvelope: dsseEnvelopeSchema.extend({
      signatures: dsseEnvelopeSchema.shape.signatures.length(1, 'a provenance bundle must carry exactly one signature'),
    }),
  })
  .loose();

export function isBundleLike(json: unknown): boolean {
  return typeof json === 'object' && json !== null && 'mediaType' in json;
}
