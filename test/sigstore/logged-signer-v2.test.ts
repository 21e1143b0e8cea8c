import { generateKeyPairSync } from 'node:crypto';
import type { TransparencyLogEntry } from '@sigstore/bundle';
import { describe, expect, it } from 'vitest';
import { checkLoggedSigner } from '../../src/sigstore/verify-bundle.js';
import { codeOf } from '../support/code-of.js';

/** Only the body is read by the signer check. */
const entry = (body: unknown): TransparencyLogEntry => ({ logIndex: '1', canonicalizedBody: Buffer.from(JSON.stringify(body)) }) as unknown as TransparencyLogEntry;
const der = (): Buffer => generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'der', type: 'spki' });
const dsse = (verifier: unknown) => ({ kind: 'dsse', apiVersion: '0.0.2', spec: { dsseV002: { payloadHash: {}, signatures: [{ content: 'AA==', verifier }] } } });
const hashed = (verifier: unknown) => ({ kind: 'hashedrekord', apiVersion: '0.0.2', spec: { hashedRekordV002: { data: {}, signature: { content: 'AA==', verifier } } } });

describe('checkLoggedSigner on Rekor v2 bodies (the library does not bind their verifier)', () => {
  const key = der();
  const cert = Buffer.from('a certificate, as DER');
  it('passes when the body records the bundle signer', () => {
    expect(() => checkLoggedSigner([entry(dsse({ publicKey: { rawBytes: key.toString('base64') } }))], { key })).not.toThrow();
    expect(() => checkLoggedSigner([entry(hashed({ x509Certificate: { rawBytes: cert.toString('base64') } }))], { certificate: cert })).not.toThrow();
  });

  it('fails when it records another signer, a key for a certificate, both or neither', () => {
    expect(codeOf(() => checkLoggedSigner([entry(dsse({ publicKey: { rawBytes: der().toString('base64') } }))], { key }))).toBe('ErrorNoValidRekorEntries');
    expect(codeOf(() => checkLoggedSigner([entry(hashed({ x509Certificate: { rawBytes: Buffer.from('another').toString('base64') } }))], { certificate: cert }))).toBe('ErrorNoValidRekorEntries');
    expect(codeOf(() => checkLoggedSigner([entry(dsse({ publicKey: { rawBytes: key.toString('base64') } }))], { certificate: cert }))).toBe('ErrorNoValidRekorEntries');
    expect(codeOf(() => checkLoggedSigner([entry(dsse({ publicKey: { rawBytes: key.toString('base64') }, x509Certificate: { rawBytes: cert.toString('base64') } }))], { key }))).toBe('ErrorInvalidRekorEntry');
    expect(codeOf(() => checkLoggedSigner([entry(dsse({}))], { key }))).toBe('ErrorInvalidRekorEntry');
  });

  it('fails on a kind whose signer it cannot read, instead of skipping it', () => {
    expect(codeOf(() => checkLoggedSigner([entry({ kind: 'rekord', apiVersion: '0.0.1', spec: {} })], { key }))).toBe('ErrorInvalidRekorEntry');
  });
});
