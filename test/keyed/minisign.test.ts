import { describe, expect, it } from 'vitest';
import { isMinisignPublicKey, parseMinisignPublicKey, verifyMinisign } from '../../src/keyed/minisign.js';
import { minisignKey } from '../../src/tools/fixtures/custom-builder.js';
import { codeOf } from '../support/code-of.js';

const DATA = Buffer.from('{"_type":"https://in-toto.io/Statement/v1"}\n');
const key = minisignKey();
const other = minisignKey();

describe('minisign', () => {
  it('reads the public key file or its key line, and tells it from a PEM', () => {
    expect(isMinisignPublicKey(key.publicKey)).toBe(true);
    expect(isMinisignPublicKey('-----BEGIN PUBLIC KEY-----\nMFkw\n-----END PUBLIC KEY-----\n')).toBe(false);
    expect(parseMinisignPublicKey(key.publicKey.split('\n')[1]!).keyId).toBe(parseMinisignPublicKey(key.publicKey).keyId);
    expect(codeOf(() => parseMinisignPublicKey('untrusted comment: x\nRWQnot-base64!\n'))).toBe('ErrorInvalidPublicKey');
  });

  it('verifies prehashed (ED) and legacy (Ed) signatures and returns the trusted comment', () => {
    const pub = parseMinisignPublicKey(key.publicKey);
    expect(verifyMinisign(DATA, key.sign(DATA), pub)).toContain('timestamp:');
    expect(verifyMinisign(DATA, key.sign(DATA, { legacy: true }), pub)).toContain('timestamp:');
  });

  it('refuses another key, other data, a forged trusted comment, a mangled file', () => {
    const pub = parseMinisignPublicKey(key.publicKey);
    const signature = key.sign(DATA);
    expect(codeOf(() => verifyMinisign(DATA, signature, parseMinisignPublicKey(other.publicKey)))).toBe('ErrorNoValidSignature');
    expect(codeOf(() => verifyMinisign(Buffer.concat([DATA, Buffer.from(' ')]), signature, pub))).toBe('ErrorNoValidSignature');
    expect(codeOf(() => verifyMinisign(DATA, signature.replace('file:provenance.json', 'file:other.json'), pub))).toBe('ErrorNoValidSignature');
    expect(codeOf(() => verifyMinisign(DATA, signature.split('\n').slice(0, 2).join('\n'), pub))).toBe('ErrorInvalidFormat');
    const lines = signature.split('\n');
    expect(codeOf(() => verifyMinisign(DATA, [lines[0], `${lines[1]}AA`, lines[2], lines[3]].join('\n'), pub))).toBe('ErrorInvalidFormat');
  });
});
