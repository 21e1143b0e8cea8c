import { describe, expect, it } from 'vitest';
import { checkKeyedFlags } from '../../src/keyed/keyed-flags.js';
import { codeOf } from '../support/code-of.js';

describe('checkKeyedFlags', () => {
  it('returns the builder id, which is required', () => {
    expect(checkKeyedFlags({ publicKey: 'k.pem', builderId: 'https://b@v1' })).toEqual({ builderId: 'https://b@v1', statementSignature: undefined });
    expect(codeOf(() => checkKeyedFlags({ publicKey: 'k.pem' }))).toBe('ErrorUsage');
    expect(codeOf(() => checkKeyedFlags({ publicKey: 'k.pem', builderId: '' }))).toBe('ErrorUsage');
  });

  it('refuses --public-key-id alone and --save-bundle', () => {
    expect(codeOf(() => checkKeyedFlags({ builderId: 'b' }))).toBe('ErrorUsage');
    expect(codeOf(() => checkKeyedFlags({ publicKey: 'k.pem', builderId: 'b', saveBundle: 'out.json' }))).toBe('ErrorUsage');
  });

  it('maps --signature and --signature-bundle to how the statement file is verified', () => {
    expect(checkKeyedFlags({ publicKey: 'k.pem', signature: 'p.sig', builderId: 'b' }).statementSignature).toEqual({ kind: 'detached', signaturePath: 'p.sig', publicKeyPath: 'k.pem' });
    const bundle = checkKeyedFlags({ signatureBundle: 'p.sigstore', certificateIdentityRegexp: 'https://x/.*', certificateOidcIssuer: 'https://i', builderId: 'b' }).statementSignature;
    expect(bundle?.kind === 'bundle' && 'sanPattern' in bundle.identity && bundle.identity.sanPattern.source).toBe('^(?:https:\\/\\/x\\/.*)$');
  });

  it('anchors --certificate-identity-regexp and refuses contradictory or partial signers', () => {
    const flags = { signatureBundle: 'p.sigstore', certificateOidcIssuer: 'https://i', builderId: 'b' };
    const pattern = checkKeyedFlags({ ...flags, certificateIdentityRegexp: 'https://github.com/o/r/' }).statementSignature;
    const re = pattern?.kind === 'bundle' && 'sanPattern' in pattern.identity ? pattern.identity.sanPattern : undefined;
    expect(re?.test('https://github.com/o/r/')).toBe(true);
    expect(re?.test('https://github.com/o/r/.github/workflows/x.yml@refs/heads/main')).toBe(false);
    expect(re?.test('https://evil.test/https://github.com/o/r/')).toBe(false);
    for (const bad of [
      { ...flags },
      { ...flags, certificateIdentity: 'a', certificateIdentityRegexp: 'a' },
      { ...flags, certificateIdentity: '' },
      { ...flags, certificateIdentityRegexp: '(' },
      { ...flags, certificateIdentity: 'a', certificateOidcIssuer: undefined },
      { ...flags, certificateIdentity: 'a', publicKey: 'k.pem' },
      { signature: 'p.sig', builderId: 'b' },
      { certificateIdentity: 'a', certificateOidcIssuer: 'b', publicKey: 'k.pem', builderId: 'b' },
      { publicKey: 'k.pem', signature: 'p.sig', publicKeyId: 'x', builderId: 'b' },
    ]) {
      expect(codeOf(() => checkKeyedFlags(bad)), JSON.stringify(bad)).toBe('ErrorUsage');
    }
  });
});
