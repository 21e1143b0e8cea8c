import { createPrivateKey, createPublicKey, sign, type KeyObject } from 'node:crypto';
import { VerifyError } from '../errors/index.js';
import { readBoundedFile } from '../files/read-bounded.js';
import { parseVsaPublicKey } from '../vsa/public-key.js';
import { FILE_CAPS } from '../files/caps.js';

/** A VSA signing key, of the kinds verify-vsa accepts. */
export interface VsaSigningKey {
  key: KeyObject;
  kind: 'ecdsa' | 'rsa' | 'ed25519';
  /** verify-vsa's default key id for the matching public key (SSH SHA256 fingerprint). */
  fingerprint: string;
  /** The public half, PEM (SPKI): what verify-vsa --public-key-path takes. */
  publicKeyPem: string;
}

const MAX_KEY_BYTES = FILE_CAPS.privateKey;

export async function readVsaSigningKey(path: string): Promise<VsaSigningKey> {
  const pem = await readBoundedFile(path, { what: '--vsa-key', maxBytes: MAX_KEY_BYTES, tooLargeCode: 'ErrorInvalidPrivateKey' });
  return parseVsaSigningKey(pem.toString('utf8'), path);
}

/** PKCS#8, SEC 1 or PKCS#1 PEM; an encrypted key is refused (no passphrase prompt in a verifier). */
export function parseVsaSigningKey(pem: string, where: string): VsaSigningKey {
  if (!/-----BEGIN (PRIVATE KEY|EC PRIVATE KEY|RSA PRIVATE KEY)-----/.test(pem)) {
    throw new VerifyError('ErrorInvalidPrivateKey', `--vsa-key ${where}: not an unencrypted PEM private key`);
  }
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: pem, format: 'pem' });
  } catch (err) {
    throw new VerifyError('ErrorInvalidPrivateKey', `--vsa-key ${where}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const publicKeyPem = createPublicKey(key).export({ format: 'pem', type: 'spki' }).toString();
  let parsed: ReturnType<typeof parseVsaPublicKey>;
  try {
    // The same acceptance as verify-vsa's: a key it could not check is never used to sign.
    parsed = parseVsaPublicKey(publicKeyPem);
  } catch (err) {
    throw new VerifyError('ErrorInvalidPrivateKey', `--vsa-key ${where}: ${err instanceof Error ? err.message : String(err)}`);
  }
  return { key, kind: parsed.kind, fingerprint: parsed.fingerprint, publicKeyPem };
}

/** SHA-256 whatever the curve (verify-vsa's digest); ECDSA as DER, RSA PKCS#1 v1.5. */
export function signWithVsaKey(signer: VsaSigningKey, data: Buffer): Buffer {
  switch (signer.kind) {
    case 'ed25519':
      return sign(null, data, signer.key);
    case 'rsa':
      return sign('sha256', data, signer.key);
    case 'ecdsa':
      return sign('sha256', data, { key: signer.key, dsaEncoding: 'der' });
  }
}
