import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { verifyEcdsaDigest } from '../../src/bundle-verify/ecdsa-prehashed.js';

const sha256 = (data: string): Buffer => createHash('sha256').update(data).digest();

describe('verifyEcdsaDigest', () => {
  for (const curve of ['P-256', 'P-384'] as const) {
    const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: curve });
    const sig = sign('sha256', Buffer.from('message'), privateKey);

    it(`verifies a ${curve} signature over a SHA-256 digest`, () => {
      expect(verifyEcdsaDigest(publicKey, sha256('message'), sig)).toBe(true);
    });

    it(`rejects another digest, another key and malformed DER (${curve})`, () => {
      expect(verifyEcdsaDigest(publicKey, sha256('messagf'), sig)).toBe(false);
      expect(verifyEcdsaDigest(generateKeyPairSync('ec', { namedCurve: curve }).publicKey, sha256('message'), sig)).toBe(false);
      expect(verifyEcdsaDigest(publicKey, sha256('message'), Buffer.concat([sig, Buffer.from([0])]))).toBe(false);
      expect(verifyEcdsaDigest(publicKey, sha256('message'), sig.subarray(0, sig.length - 1))).toBe(false);
    });
  }

  it('refuses non-EC keys', () => {
    const { publicKey } = generateKeyPairSync('ed25519');
    expect(verifyEcdsaDigest(publicKey, sha256('m'), Buffer.alloc(64))).toBe(false);
  });
});
