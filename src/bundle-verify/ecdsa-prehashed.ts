import type { KeyObject } from 'node:crypto';
import { p256, p384, p521 } from '@noble/curves/nist.js';

/**
 * ECDSA verification of a signature over a digest the caller holds (the
 * `sha256:<hex>` form of verify-bundle, where the artifact itself is absent).
 * node:crypto always hashes the message itself, so the audited @noble/curves
 * does the verification, with hashing off (`prehash: false`).
 */
const CURVES = new Map<string, typeof p256>([
  ['P-256', p256],
  ['P-384', p384],
  ['P-521', p521],
]);

/** true when `sig` (DER) is a valid ECDSA signature by `key` over `digest`. */
export function verifyEcdsaDigest(key: KeyObject, digest: Buffer, sig: Buffer): boolean {
  if (key.asymmetricKeyType !== 'ec') return false;
  const jwk = key.export({ format: 'jwk' });
  const curve = jwk.crv === undefined ? undefined : CURVES.get(jwk.crv);
  if (!curve || jwk.x === undefined || jwk.y === undefined) return false;
  // SEC1 uncompressed point: 0x04 || X || Y.
  const point = Buffer.concat([Buffer.from([4]), Buffer.from(jwk.x, 'base64url'), Buffer.from(jwk.y, 'base64url')]);
  try {
    // lowS: false, as OpenSSL (and so every Sigstore signer) may produce high-S signatures.
    return curve.verify(sig, digest, point, { prehash: false, lowS: false, format: 'der' });
  } catch {
    return false;
  }
}
