import * as z from 'zod';

/**
 * The full shape of a Sigstore bundle in its protobuf JSON form, checked
 * before any of it reaches @sigstore/bundle or @sigstore/verify. The library's
 * decoder fills what is absent with defaults and its verifier then reads
 * fields it assumes are there; a shape it does not expect would surface as a
 * JavaScript TypeError instead of a reason. Every object is closed (an
 * unknown field is refused, as Go's protojson does) and every bytes field is
 * strict base64.
 *
 * Protobuf JSON conventions kept: `null` means absent, int64 may be a string
 * or a number, and a zero or empty value may be omitted (Rekor v2 entries have
 * no integrated time, a log's first entry has index 0).
 */

/** Standard or URL-safe base64, padding optional (protobuf JSON bytes). */
const BASE64 = /^(?:[A-Za-z0-9+/]*|[A-Za-z0-9_-]*)={0,2}$/;

function isBase64(value: string): boolean {
  if (!BASE64.test(value)) return false;
  const unpadded = value.replace(/=+$/, '');
  if (unpadded.length % 4 === 1) return false;
  return value.length === unpadded.length || value.length % 4 === 0;
}

const bytes = z.string().refine(isBase64, 'not base64');
const nonEmptyBytes = bytes.refine((v) => v.replace(/=+$/, '').length > 0, 'empty');

/** An unsigned decimal integer: canonical digits or a safe JSON integer. */
const int64 = z.union([
  z.string().regex(/^(0|[1-9][0-9]{0,18})$/, 'not a decimal integer'),
  z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
]);

const optional = <T extends z.ZodType>(schema: T) => schema.nullish();

export const BUNDLE_MEDIA_TYPES = [
  'application/vnd.dev.sigstore.bundle+json;version=0.1',
  'application/vnd.dev.sigstore.bundle+json;version=0.2',
  'application/vnd.dev.sigstore.bundle+json;version=0.3',
  'application/vnd.dev.sigstore.bundle.v0.3+json',
] as const;

const certificate = z.strictObject({ rawBytes: nonEmptyBytes });

const inclusionProof = z.strictObject({
  logIndex: optional(int64),
  rootHash: nonEmptyBytes,
  treeSize: optional(int64),
  hashes: optional(z.array(nonEmptyBytes)),
  // Optional in the protobuf, required by every verifier that reads a proof.
  checkpoint: z.strictObject({ envelope: z.string().min(1) }),
});

export const tlogEntrySchema = z.strictObject({
  logIndex: optional(int64),
  logId: z.strictObject({ keyId: nonEmptyBytes }),
  kindVersion: z.strictObject({ kind: z.string().min(1), version: z.string().min(1) }),
  integratedTime: optional(int64),
  inclusionPromise: optional(z.strictObject({ signedEntryTimestamp: nonEmptyBytes })),
  inclusionProof: optional(inclusionProof),
  canonicalizedBody: nonEmptyBytes,
});

const verificationMaterial = z
  .strictObject({
    certificate: optional(certificate),
    x509CertificateChain: optional(z.strictObject({ certificates: z.array(certificate).min(1) })),
    publicKey: optional(z.strictObject({ hint: optional(z.string()) })),
    tlogEntries: optional(z.array(tlogEntrySchema)),
    timestampVerificationData: optional(
      z.strictObject({ rfc3161Timestamps: optional(z.array(z.strictObject({ signedTimestamp: nonEmptyBytes }))) }),
    ),
  })
  .refine((m) => [m.certificate, m.x509CertificateChain, m.publicKey].filter((c) => c != null).length === 1, {
    message: 'needs exactly one of certificate, x509CertificateChain, publicKey',
  });

export const bundleDsseEnvelopeSchema = z.strictObject({
  payload: nonEmptyBytes,
  payloadType: z.string().min(1),
  signatures: z.array(z.strictObject({ sig: nonEmptyBytes, keyid: optional(z.string()) })).min(1),
});

const messageSignature = z.strictObject({
  messageDigest: optional(z.strictObject({ algorithm: z.string().min(1), digest: nonEmptyBytes })),
  signature: nonEmptyBytes,
});

export const sigstoreBundleSchema = z
  .strictObject({
    mediaType: z.enum(BUNDLE_MEDIA_TYPES),
    verificationMaterial,
    dsseEnvelope: optional(bundleDsseEnvelopeSchema),
    messageSignature: optional(messageSignature),
  })
  .refine((b) => (b.dsseEnvelope == null) !== (b.messageSignature == null), {
    message: 'needs exactly one of dsseEnvelope, messageSignature',
  });
export type SigstoreBundleJson = z.infer<typeof sigstoreBundleSchema>;

/** The first issue of a failed parse, as `path: what is wrong`. */
export function describeIssue(error: { issues: readonly { path: readonly PropertyKey[]; message: string; code?: string; expected?: unknown }[] }): string {
  const issue = error.issues[0];
  if (!issue) return 'bad shape';
  const at = issue.path.map(String).join('.');
  let what = issue.message;
  if (issue.code === 'invalid_type') what = /received undefined$/.test(issue.message) ? 'missing' : `not ${article(String(issue.expected))}`;
  return at ? `${at}: ${what}` : what;
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}
