import { constants, verify } from 'node:crypto';
import { VerifyError } from '../errors/index.js';
import { decodeBase64, preAuthEncoding } from '../vsa/envelope.js';
import type { VsaPublicKey } from '../vsa/public-key.js';

/** The DSSE fields a key signature covers, as read from a bare line or a bundle. */
export interface KeyedEnvelope {
  payloadType: string;
  /** base64 */
  payload: string;
  signatures: readonly { keyid?: string | undefined; sig: string }[];
}

/** ECDSA digests tried per curve: SHA-256 is what most signers use, the curve's own hash what others do. */
const ECDSA_HASHES: Readonly<Record<number, readonly string[]>> = { 64: ['sha256'], 96: ['sha384', 'sha256'], 132: ['sha512', 'sha256'] };

/**
 * Verifies the envelope's PAE with the key and returns the signed payload.
 * With a key id only the signatures naming exactly that id are tried (the
 * others are ignored, even unnamed ones); without one, every signature is.
 */
export function verifyKeySignature(envelope: KeyedEnvelope, key: VsaPublicKey, keyId: string | undefined): Buffer {
  const payload = decodeBase64(envelope.payload, 'payload');
  const pae = preAuthEncoding(envelope.payloadType, payload);
  const candidates = envelope.signatures.filter((s) => keyId === undefined || s.keyid === keyId);
  if (candidates.length === 0) {
    throw new VerifyError('ErrorNoValidSignature', `no signature names key id "${keyId ?? ''}"`, { expected: keyId });
  }
  for (const signature of candidates) {
    let sig: Buffer;
    try {
      sig = decodeBase64(signature.sig, 'signature');
    } catch {
      continue;
    }
    if (verifies(key, pae, sig)) return payload;
  }
  throw new VerifyError('ErrorNoValidSignature', `no signature verifies with key ${keyId ?? key.fingerprint}`, { expected: keyId ?? key.fingerprint });
}

/** true when `sig` is a signature by `key` over `data` in one of the forms its kind's usual signers write. */
export function verifies(key: VsaPublicKey, data: Buffer, sig: Buffer): boolean {
  switch (key.kind) {
    case 'ed25519':
      return attempt(() => verify(null, data, key.key, sig));
    case 'rsa':
      return (
        attempt(() => verify('sha256', data, key.key, sig)) ||
        attempt(() => verify('sha256', data, { key: key.key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_AUTO }, sig))
      );
    case 'ecdsa': {
      const hashes = ECDSA_HASHES[key.rawEcdsaLength ?? 0] ?? ['sha256'];
      return hashes.some(
        (hash) =>
          attempt(() => verify(hash, data, { key: key.key, dsaEncoding: 'der' }, sig)) ||
          (sig.length === key.rawEcdsaLength && attempt(() => verify(hash, data, { key: key.key, dsaEncoding: 'ieee-p1363' }, sig))),
      );
    }
  }
}

/** A malformed signature makes node:crypto throw: that is simply "does not verify". */
function attempt(run: () => boolean): boolean {
  try {
    return run();
  } catch {
    return false;
  }
}
