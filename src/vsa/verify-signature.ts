import { verify } from 'node:crypto';
import { VerifyError } from '../errors/index.js';
import { decodeBase64, preAuthEncoding, type DsseEnvelope } from './envelope.js';
import type { VsaPublicKey } from './public-key.js';

/**
 * At least one signature must verify with the given key (go-securesystemslib's
 * envelope verifier, threshold 1). A signature that names another key id is
 * not tried; without --public-key-id the key's SSH fingerprint is its id.
 * ECDSA signatures are DER, or raw r‖s as some signers (Cloud KMS
 * exporters) write them; the digest is SHA-256 whatever the curve.
 */
export function verifyEnvelopeSignature(envelope: DsseEnvelope, publicKey: VsaPublicKey, publicKeyId: string | undefined): void {
  const keyId = publicKeyId === undefined || publicKeyId === '' ? publicKey.fingerprint : publicKeyId;
  if (envelope.signatures.length === 0) throw new VerifyError('ErrorNoValidSignature', 'no signatures found');
  const pae = preAuthEncoding(envelope.payloadType, decodeBase64(envelope.payload, 'payload'));
  for (const signature of envelope.signatures) {
    if (signature.keyid !== '' && signature.keyid !== keyId) continue;
    let sig: Buffer;
    try {
      sig = decodeBase64(signature.sig, 'signature');
    } catch {
      continue;
    }
    if (verifies(publicKey, pae, sig)) return;
  }
  throw new VerifyError('ErrorNoValidSignature', `verifying envelope: no signature verifies with key "${keyId}"`, { expected: keyId });
}

function verifies(publicKey: VsaPublicKey, data: Buffer, sig: Buffer): boolean {
  try {
    switch (publicKey.kind) {
      case 'ed25519':
        return verify(null, data, publicKey.key, sig);
      case 'rsa':
        return verify('sha256', data, publicKey.key, sig);
      case 'ecdsa':
        if (safeVerify(() => verify('sha256', data, { key: publicKey.key, dsaEncoding: 'der' }, sig))) return true;
        return sig.length === publicKey.rawEcdsaLength && verify('sha256', data, { key: publicKey.key, dsaEncoding: 'ieee-p1363' }, sig);
    }
  } catch {
    return false;
  }
}

function safeVerify(run: () => boolean): boolean {
  try {
    return run();
  } catch {
    return false;
  }
}
