import { X509Certificate } from 'node:crypto';
import { VerifyError } from '../errors/index.js';
import type { DsseEnvelope } from '../input/evidence.js';
import type { LogEntryAnon } from './rekor-api.js';
import { readEntryBody } from './entry-body.js';

/** Bundle media type written for looked-up provenance. */
export const BUNDLE_V03_MEDIA_TYPE = 'application/vnd.dev.sigstore.bundle.v0.3+json';

/**
 * A Rekor v1 API entry in the bundle's TransparencyLogEntry JSON form, as
 * sigstore-js converts it: hex log id and proof hashes become base64, the
 * numbers become strings, the body is kept byte for byte (it is what the
 * signed entry timestamp and the Merkle leaf cover).
 */
export function toBundleTlogEntry(entry: LogEntryAnon): object {
  const body = readEntryBody(entry.body);
  const proof = entry.verification?.inclusionProof;
  const set = entry.verification?.signedEntryTimestamp;
  return {
    logIndex: String(entry.logIndex),
    logId: { keyId: hexToBase64(entry.logID) },
    kindVersion: { kind: body.kind, version: body.apiVersion },
    integratedTime: String(entry.integratedTime),
    ...(set ? { inclusionPromise: { signedEntryTimestamp: set } } : {}),
    ...(proof
      ? {
          inclusionProof: {
            logIndex: String(proof.logIndex),
            rootHash: hexToBase64(proof.rootHash),
            treeSize: String(proof.treeSize),
            hashes: proof.hashes.map(hexToBase64),
            checkpoint: { envelope: proof.checkpoint },
          },
        }
      : {}),
    canonicalizedBody: entry.body,
  };
}

/** A Sigstore bundle v0.3 holding the envelope (without its `cert` field), the leaf certificate and one log entry. */
export function bundleFromEntry(envelope: DsseEnvelope, certificatePem: string, entry: LogEntryAnon): object {
  const signature = envelope.signatures[0];
  if (!signature || envelope.signatures.length !== 1) {
    throw new VerifyError('ErrorInvalidSignature', `expected exactly one DSSE signature, found ${envelope.signatures.length}`);
  }
  return {
    mediaType: BUNDLE_V03_MEDIA_TYPE,
    verificationMaterial: {
      certificate: { rawBytes: certificateDer(certificatePem).toString('base64') },
      tlogEntries: [toBundleTlogEntry(entry)],
    },
    dsseEnvelope: {
      payload: Buffer.from(envelope.payload, 'base64').toString('base64'),
      payloadType: envelope.payloadType,
      signatures: [{ sig: Buffer.from(signature.sig, 'base64').toString('base64'), keyid: signature.keyid ?? '' }],
    },
  };
}

export function certificateDer(pem: string): Buffer {
  try {
    return Buffer.from(new X509Certificate(pem).raw);
  } catch (err) {
    throw new VerifyError('ErrorInvalidPEM', `signing certificate: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function hexToBase64(hex: string): string {
  return Buffer.from(hex, 'hex').toString('base64');
}
