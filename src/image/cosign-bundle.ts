import { X509Certificate } from 'node:crypto';
import * as z from 'zod';
import { VerifyError } from '../errors/index.js';
import { dsseEnvelopeSchema } from '../input/evidence.js';
import { parseUntrustedJson } from '../files/untrusted-json.js';

/**
 * A cosign attestation layer (DSSE envelope + Fulcio certificate + cosign's
 * Rekor bundle annotation) rewritten as the Sigstore bundle v0.1 it is
 * equivalent to, so that the one bundle verifier (src/sigstore) checks the
 * certificate chain, SCT, signed entry timestamp, entry-to-envelope binding
 * and DSSE signature. Nothing here is trusted: it only moves fields.
 */

const rekorBundleSchema = z.object({
  SignedEntryTimestamp: z.string().min(1),
  Payload: z.object({
    body: z.string().min(1),
    integratedTime: z.number().int().positive(),
    logIndex: z.number().int().nonnegative(),
    logID: z.string().regex(/^[0-9a-f]{64}$/),
  }),
});

const bodyKindSchema = z.object({ kind: z.string(), apiVersion: z.string() }).loose();

function parse<T>(text: string, schema: z.ZodType<T>, what: string): T {
  let json: unknown;
  try {
    json = parseUntrustedJson(text);
  } catch {
    throw new VerifyError('ErrorInvalidRekorEntry', `${what} is not JSON`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new VerifyError('ErrorInvalidRekorEntry', `${what}: ${parsed.error.issues[0]?.message ?? 'bad shape'}`);
  return parsed.data;
}

export function cosignLayerToBundle(envelopeBytes: Buffer, certificatePem: string | undefined, rekorBundle: string | undefined): unknown {
  if (rekorBundle === undefined) {
    throw new VerifyError('ErrorNeedsLogLookup', 'the attestation has no Rekor bundle; verifying it needs an online Rekor lookup');
  }
  if (certificatePem === undefined) throw new VerifyError('ErrorInvalidCertificate', 'the attestation has no signing certificate');

  let envelopeJson: unknown;
  try {
    envelopeJson = parseUntrustedJson(envelopeBytes.toString('utf8'));
  } catch {
    throw new VerifyError('ErrorInvalidDssePayload', 'attestation layer is not a JSON DSSE envelope');
  }
  const envelope = dsseEnvelopeSchema.safeParse(envelopeJson);
  if (!envelope.success) throw new VerifyError('ErrorInvalidDssePayload', 'attestation layer is not a DSSE envelope');

  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(certificatePem);
  } catch {
    throw new VerifyError('ErrorInvalidCertificate', 'the attestation certificate is not a PEM certificate');
  }

  const rekor = parse(rekorBundle, rekorBundleSchema, 'cosign Rekor bundle');
  const body = parse(Buffer.from(rekor.Payload.body, 'base64').toString('utf8'), bodyKindSchema, 'Rekor entry body');

  return {
    mediaType: 'application/vnd.dev.sigstore.bundle+json;version=0.1',
    verificationMaterial: {
      x509CertificateChain: { certificates: [{ rawBytes: certificate.raw.toString('base64') }] },
      tlogEntries: [
        {
          logIndex: String(rekor.Payload.logIndex),
          logId: { keyId: Buffer.from(rekor.Payload.logID, 'hex').toString('base64') },
          kindVersion: { kind: body.kind, version: body.apiVersion },
          integratedTime: String(rekor.Payload.integratedTime),
          inclusionPromise: { signedEntryTimestamp: rekor.SignedEntryTimestamp },
          canonicalizedBody: rekor.Payload.body,
        },
      ],
    },
    dsseEnvelope: {
      payloadType: envelope.data.payloadType,
      payload: envelope.data.payload,
      signatures: envelope.data.signatures.map((s) => ({ sig: s.sig, keyid: s.keyid ?? '' })),
    },
  };
}
