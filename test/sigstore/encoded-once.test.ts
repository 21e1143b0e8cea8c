import { readFileSync } from 'node:fs';
import { X509Certificate } from '@sigstore/core';
import { describe, expect, it, vi } from 'vitest';
import { trustWithEncodedOnce, withEncodedOnce } from '../../src/sigstore/encoded-once.js';
import { loadTrustRoot } from '../../src/sigstore/trusted-root.js';

const root = JSON.parse(readFileSync(new URL('../../fixtures/trusted_root.json', import.meta.url), 'utf8')) as {
  certificateAuthorities: { certChain: { certificates: { rawBytes: string }[] } }[];
};
const ders = root.certificateAuthorities.flatMap((ca) => ca.certChain.certificates.map((c) => Buffer.from(c.rawBytes, 'base64')));

describe('withEncodedOnce', () => {
  it('encodes exactly as the library does, every node, and compares equal to the plain certificate', () => {
    for (const der of ders) {
      const plain = X509Certificate.parse(der);
      const once = withEncodedOnce(plain);
      expect(once.root.toDER().equals(plain.root.toDER())).toBe(true);
      expect(once.tbsCertificate.toDER().equals(plain.tbsCertificate.toDER())).toBe(true);
      expect(once.publicKey.equals(plain.publicKey)).toBe(true);
      expect(once.equals(plain)).toBe(true);
      expect(once.subject.equals(plain.subject)).toBe(true);
      // The same bytes object each time: computed once.
      expect(once.root.toDER()).toBe(once.root.toDER());
    }
  });

  it('still verifies signatures, and the chain differs from another certificate', () => {
    const [leafOrIntermediate, other] = ders.map((d) => withEncodedOnce(X509Certificate.parse(d)));
    expect(leafOrIntermediate!.equals(other!)).toBe(false);
    const selfSigned = ders.map((d) => withEncodedOnce(X509Certificate.parse(d))).find((c) => c.subject.equals(c.issuer));
    expect(selfSigned?.verify()).toBe(true);
  });

  it('cannot go stale: editing the tree it encoded throws instead of changing the certificate', () => {
    const once = withEncodedOnce(X509Certificate.parse(ders[0]!));
    const before = once.root.toDER();
    expect(() => once.extensions.splice(0, 1)).toThrow(TypeError);
    expect(() => once.root.subs.push(once.root.subs[0]!)).toThrow(TypeError);
    expect(once.root.toDER()).toBe(before);
    // clone() is a fresh parse the library may edit (it does so for SCTs).
    const clone = once.clone();
    expect(clone.root.toDER().equals(before)).toBe(true);
    expect(() => clone.extensions.splice(0, 1)).not.toThrow();
  });
});

describe('trustWithEncodedOnce', () => {
  it('keeps every authority, its validity and the logs, with equal certificates', () => {
    const trust = loadTrustRoot(new URL('../../fixtures/trusted_root.json', import.meta.url).pathname);
    const again = trustWithEncodedOnce(trust.material);
    expect(again.certificateAuthorities.map((ca) => ca.validFor)).toEqual(trust.material.certificateAuthorities.map((ca) => ca.validFor));
    expect(again.tlogs).toBe(trust.material.tlogs);
    expect(again.ctlogs).toBe(trust.material.ctlogs);
    again.certificateAuthorities.forEach((ca, i) =>
      ca.certChain.forEach((cert, j) => expect(cert.equals(trust.material.certificateAuthorities[i]!.certChain[j]!)).toBe(true)),
    );
  });
});

describe('trusted-root certificates', () => {
  it('check each other once, and still check a certificate from elsewhere every time', () => {
    const trust = trustWithEncodedOnce(loadTrustRoot(new URL('../../fixtures/trusted_root.json', import.meta.url).pathname).material);
    const chain = trust.certificateAuthorities[0]!.certChain;
    const rootCert = chain.find((c) => c.subject.equals(c.issuer))!;
    const spy = vi.spyOn(X509Certificate.prototype, 'verify');
    expect(rootCert.verify()).toBe(true);
    expect(rootCert.verify()).toBe(true);
    expect(spy).toHaveBeenCalledTimes(1); // the real check ran once
    spy.mockClear();
    // An outside copy of the same bytes is not trusted material: its check runs each time.
    const outside = withEncodedOnce(X509Certificate.parse(Buffer.from(rootCert.root.toDER())));
    expect(rootCert.verify(outside)).toBe(true);
    expect(rootCert.verify(outside)).toBe(true);
    expect(spy).toHaveBeenCalledTimes(2);
    spy.mockRestore();
  });

  it('a failing link stays failing', () => {
    const trust = trustWithEncodedOnce(loadTrustRoot(new URL('../../fixtures/trusted_root.json', import.meta.url).pathname).material);
    const certs = trust.certificateAuthorities.flatMap((ca) => ca.certChain);
    const rootCert = certs.find((c) => c.subject.equals(c.issuer))!;
    const notIssuedByIt = certs.find((c) => c !== rootCert && !c.issuer.equals(rootCert.subject));
    if (notIssuedByIt === undefined) return;
    expect(notIssuedByIt.verify(rootCert)).toBe(false);
    expect(notIssuedByIt.verify(rootCert)).toBe(false);
  });
});
