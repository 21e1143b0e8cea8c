import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import { VerifyError } from '../errors/index.js';
import { readBoundedText } from '../files/read-bounded.js';
import { FILE_CAPS } from '../files/caps.js';

/** A verifier key as sigstore's LoadVerifier accepts it: ECDSA (NIST curves), RSA, Ed25519. */
export interface VsaPublicKey {
  key: KeyObject;
  kind: 'ecdsa' | 'rsa' | 'ed25519';
  /** Signature length of a raw r‖s ECDSA signature (2 × coordinate size). */
  rawEcdsaLength: number | undefined;
  /** The key's SSH SHA256 fingerprint: go-securesystemslib's key id when none is given. */
  fingerprint: string;
}

const CURVES: Readonly<Record<string, { ssh: string; bytes: number }>> = {
  'P-256': { ssh: 'nistp256', bytes: 32 },
  'P-384': { ssh: 'nistp384', bytes: 48 },
  'P-521': { ssh: 'nistp521', bytes: 66 },
};

export async function readVsaPublicKey(path: string): Promise<VsaPublicKey> {
  const pem = await readBoundedText(path, { what: 'public key', maxBytes: FILE_CAPS.publicKey, tooLargeCode: 'ErrorInvalidPublicKey' });
  return parseVsaPublicKey(pem);
}

/** A PEM "PUBLIC KEY" (PKIX) or "RSA PUBLIC KEY" (PKCS#1), as cryptoutils.UnmarshalPEMToPublicKey. */
export function parseVsaPublicKey(pem: string): VsaPublicKey {
  const block = /-----BEGIN (PUBLIC KEY|RSA PUBLIC KEY)-----\r?\n([A-Za-z0-9+/=\r\n]+)-----END \1-----/.exec(pem);
  if (!block) throw new VerifyError('ErrorInvalidPublicKey', 'not a PEM public key');
  let key: KeyObject;
  try {
    const der = Buffer.from(block[2]!.replace(/\s+/g, ''), 'base64');
    key = createPublicKey({ key: der, format: 'der', type: block[1] === 'PUBLIC KEY' ? 'spki' : 'pkcs1' });
  } catch (err) {
    throw new VerifyError('ErrorInvalidPublicKey', err instanceof Error ? err.message : String(err));
  }
  const jwk = key.export({ format: 'jwk' });
  const b64u = (v: string | undefined): Buffer => Buffer.from(v ?? '', 'base64url');
  switch (key.asymmetricKeyType) {
    case 'ec': {
      const curve = jwk.crv === undefined ? undefined : CURVES[jwk.crv];
      if (!curve) throw new VerifyError('ErrorInvalidPublicKey', `unsupported ECDSA curve ${jwk.crv ?? '?'}`);
      const point = Buffer.concat([Buffer.from([4]), b64u(jwk.x), b64u(jwk.y)]);
      return {
        key, kind: 'ecdsa', rawEcdsaLength: 2 * curve.bytes,
        fingerprint: sshFingerprint([sshString(`ecdsa-sha2-${curve.ssh}`), sshString(curve.ssh), sshString(point)]),
      };
    }
    case 'rsa':
      return { key, kind: 'rsa', rawEcdsaLength: undefined, fingerprint: sshFingerprint([sshString('ssh-rsa'), mpint(b64u(jwk.e)), mpint(b64u(jwk.n))]) };
    case 'ed25519':
      return { key, kind: 'ed25519', rawEcdsaLength: undefined, fingerprint: sshFingerprint([sshString('ssh-ed25519'), sshString(b64u(jwk.x))]) };
    default:
      throw new VerifyError('ErrorInvalidPublicKey', `unsupported key type ${key.asymmetricKeyType ?? '?'}`);
  }
}

function sshString(v: string | Buffer): Buffer {
  const bytes = typeof v === 'string' ? Buffer.from(v, 'utf8') : v;
  const len = Buffer.alloc(4);
  len.writeUInt32BE(bytes.length);
  return Buffer.concat([len, bytes]);
}

/** A positive big-endian integer in SSH's mpint form (minimal, with a 0 byte when the high bit is set). */
function mpint(magnitude: Buffer): Buffer {
  let i = 0;
  while (i < magnitude.length && magnitude[i] === 0) i++;
  const trimmed = magnitude.subarray(i);
  return sshString(trimmed.length > 0 && (trimmed[0]! & 0x80) !== 0 ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed);
}

function sshFingerprint(parts: Buffer[]): string {
  return `SHA256:${createHash('sha256').update(Buffer.concat(parts)).digest('base64').replace(/=+$/, '')}`;
}
