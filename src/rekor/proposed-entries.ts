import { createHash } from 'node:crypto';
import { json } from '@sigstore/core';
import type { DsseEnvelope } from '../input/evidence.js';

/**
 * The entries Rekor would have logged for a DSSE envelope signed with a
 * certificate, in the proposed form `POST /api/v1/log/entries/retrieve`
 * accepts (Rekor canonicalizes them and looks up the resulting leaf).
 *
 * - intoto v0.0.1, as slsa-github-generator before v2.1 uploaded it and
 *   slsa-verifier looks it up: the envelope exactly as written in the file
 *   (its hash is part of the logged body, so the bytes must be the line's).
 * - intoto v0.0.2 and dsse v0.0.1, as sigstore-js and cosign upload them.
 */
export type ProposedEntry = { apiVersion: string; kind: string; spec: Record<string, unknown> };

export interface ProposalInput {
  /** The provenance line as read (trimmed): the bytes an uploader would have sent. */
  raw: string;
  envelope: DsseEnvelope;
  certificatePem: string;
}

export function proposedEntries({ raw, envelope, certificatePem }: ProposalInput): ProposedEntry[] {
  const signature = envelope.signatures[0];
  if (!signature) return [];
  const key = b64(Buffer.from(certificatePem, 'utf8'));
  const payload = b64(Buffer.from(envelope.payload, 'base64'));
  const sig = b64(Buffer.from(signature.sig, 'base64'));
  const keyid = signature.keyid ? { keyid: signature.keyid } : {};

  const intotoV001: ProposedEntry = { apiVersion: '0.0.1', kind: 'intoto', spec: { content: { envelope: raw }, publicKey: key } };

  const hashed = json.canonicalize({ payloadType: envelope.payloadType, payload, signatures: [{ sig, publicKey: key, ...keyid }] });
  const intotoV002: ProposedEntry = {
    apiVersion: '0.0.2',
    kind: 'intoto',
    spec: {
      content: {
        // Payload and signature are base64 of their base64 form in this version.
        envelope: { payloadType: envelope.payloadType, payload: b64(Buffer.from(payload)), signatures: [{ sig: b64(Buffer.from(sig)), publicKey: key, ...keyid }] },
        hash: { algorithm: 'sha256', value: sha256Hex(Buffer.from(hashed, 'utf8')) },
        payloadHash: { algorithm: 'sha256', value: sha256Hex(Buffer.from(envelope.payload, 'base64')) },
      },
    },
  };

  // The dsse type hashes the envelope string it was given: try the line as
  // written and the envelope without the non-standard `cert` field.
  const withoutCert = JSON.stringify({ payloadType: envelope.payloadType, payload, signatures: [{ ...keyid, sig }] });
  const dsse = [raw, withoutCert].map(
    (text): ProposedEntry => ({ apiVersion: '0.0.1', kind: 'dsse', spec: { proposedContent: { envelope: text, verifiers: [key] } } }),
  );
  return [intotoV001, intotoV002, ...dsse];
}

function b64(bytes: Buffer): string {
  return bytes.toString('base64');
}

function sha256Hex(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}
