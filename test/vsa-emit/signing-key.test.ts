import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseVsaSigningKey, signWithVsaKey } from '../../src/vsa-emit/signing-key.js';
import { parseVsaPublicKey } from '../../src/vsa/public-key.js';
import { VerifyError } from '../../src/errors/index.js';
import { codeOf } from '../support/code-of.js';


describe('parseVsaSigningKey', () => {
  it('reads SEC 1 and PKCS#1 keys and gives the fingerprint verify-vsa computes', () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const sec1 = parseVsaSigningKey(ec.privateKey.export({ type: 'sec1', format: 'pem' }).toString(), 'k');
    expect(sec1.kind).toBe('ecdsa');
    expect(sec1.fingerprint).toBe(parseVsaPublicKey(ec.publicKey.export({ type: 'spki', format: 'pem' }).toString()).fingerprint);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
    expect(parseVsaSigningKey(rsa.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(), 'k').kind).toBe('rsa');
  });

  it('signs ECDSA as DER', () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const signer = parseVsaSigningKey(ec.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), 'k');
    expect(signWithVsaKey(signer, Buffer.from('x'))[0]).toBe(0x30);
  });

  it('refuses public keys, encrypted keys, unsupported curves and garbage', () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const encrypted = ec.privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'p' }).toString();
    const k1 = generateKeyPairSync('ec', { namedCurve: 'secp256k1' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    for (const pem of [ec.publicKey.export({ type: 'spki', format: 'pem' }).toString(), encrypted, k1, 'garbage']) {
      expect(codeOf(() => parseVsaSigningKey(pem, 'k'))).toBe('ErrorInvalidPrivateKey');
    }
  });
});
