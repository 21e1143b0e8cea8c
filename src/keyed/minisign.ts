import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';
import { VerifyError } from '../errors/index.js';

/**
 * minisign (https://jedisct1.github.io/minisign/): Ed25519 over the file
 * ("Ed", legacy) or over its BLAKE2b-512 ("ED", the default since 0.10),
 * plus a global signature over the signature and the trusted comment. Both
 * must verify, under the key id the public key names.
 */

export interface MinisignPublicKey {
  /** 8 bytes, as minisign prints them (hex, uppercase, little-endian). */
  keyId: string;
  key: KeyObject;
}

const BASE64_LINE = /^[A-Za-z0-9+/]+={0,2}$/;

function decodeLine(line: string | undefined, what: string, length: number): Buffer {
  const text = line?.trim() ?? '';
  const bytes = BASE64_LINE.test(text) ? Buffer.from(text, 'base64') : Buffer.alloc(0);
  if (bytes.length !== length || bytes.toString('base64') !== text) throw new VerifyError('ErrorInvalidFormat', `${what} is not minisign's base64 line`);
  return bytes;
}

function keyIdHex(bytes: Buffer): string {
  return Buffer.from(bytes).reverse().toString('hex').toUpperCase();
}

/** True for text that looks like a minisign public key rather than a PEM. */
export function isMinisignPublicKey(text: string): boolean {
  return /^untrusted comment: /.test(text) || (BASE64_LINE.test(text.trim()) && text.trim().startsWith('RW'));
}

/** A minisign public key file ("untrusted comment:" line, then one base64 line), or that line alone. */
export function parseMinisignPublicKey(text: string): MinisignPublicKey {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const keyLine = lines[0]?.startsWith('untrusted comment: ') ? lines[1] : lines[0];
  if (lines.length > (lines[0]?.startsWith('untrusted comment: ') ? 2 : 1)) throw new VerifyError('ErrorInvalidPublicKey', 'a minisign public key has one key line');
  let raw: Buffer;
  try {
    raw = decodeLine(keyLine, 'minisign public key', 42);
  } catch {
    throw new VerifyError('ErrorInvalidPublicKey', 'not a minisign public key');
  }
  if (raw.subarray(0, 2).toString('latin1') !== 'Ed') throw new VerifyError('ErrorInvalidPublicKey', 'minisign public key of an unknown algorithm');
  const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: raw.subarray(10).toString('base64url') }, format: 'jwk' });
  return { keyId: keyIdHex(raw.subarray(2, 10)), key };
}

/** Verifies a `.minisig` over `data`; returns the trusted comment. */
export function verifyMinisign(data: Buffer, minisig: string, publicKey: MinisignPublicKey): string {
  const lines = minisig.split(/\r?\n/);
  while (lines.length > 0 && lines.at(-1) === '') lines.pop();
  if (lines.length !== 4 || !lines[0]!.startsWith('untrusted comment: ') || !lines[2]!.startsWith('trusted comment: ')) {
    throw new VerifyError('ErrorInvalidFormat', 'not a minisign signature (4 lines: untrusted comment, signature, trusted comment, global signature)');
  }
  const raw = decodeLine(lines[1], 'minisign signature', 74);
  const algorithm = raw.subarray(0, 2).toString('latin1');
  if (algorithm !== 'Ed' && algorithm !== 'ED') throw new VerifyError('ErrorInvalidFormat', `minisign signature algorithm "${algorithm}" is unknown`);
  const keyId = keyIdHex(raw.subarray(2, 10));
  if (keyId !== publicKey.keyId) {
    throw new VerifyError('ErrorNoValidSignature', `signed by minisign key ${keyId}, expected ${publicKey.keyId}`, { expected: publicKey.keyId, actual: keyId });
  }
  const signature = raw.subarray(10);
  const signed = algorithm === 'ED' ? createHash('blake2b512').update(data).digest() : data;
  if (!verify(null, signed, publicKey.key, signature)) throw new VerifyError('ErrorNoValidSignature', `minisign signature does not verify with key ${publicKey.keyId}`);
  const trustedComment = lines[2]!.slice('trusted comment: '.length);
  const globalSignature = decodeLine(lines[3], 'minisign global signature', 64);
  if (!verify(null, Buffer.concat([signature, Buffer.from(trustedComment, 'utf8')]), publicKey.key, globalSignature)) {
    throw new VerifyError('ErrorNoValidSignature', 'minisign trusted comment signature does not verify');
  }
  return trustedComment;
}
