import { ASN1Obj, X509Certificate } from '@sigstore/core';
import type { TrustMaterial } from '@sigstore/verify';

type CertAuthority = TrustMaterial['certificateAuthorities'][number];

/**
 * An ASN.1 node that computes its DER encoding once. sigstore-js re-encodes a
 * certificate's whole tree for every comparison, issuer search and signature
 * check (23 encodings of ~140 nodes each in one verification, ~20 ms, measured),
 * growing a fresh buffer per node. The bytes are the library's own encoding,
 * only kept; the children arrays are frozen so the kept bytes cannot go stale
 * (the library edits only clones, parsed afresh).
 */
class EncodedOnce extends ASN1Obj {
  #der: Buffer | undefined;

  override toDER(): Buffer {
    this.#der ??= super.toDER();
    return this.#der;
  }
}

function encodedOnce(node: ASN1Obj): ASN1Obj {
  return new EncodedOnce(node.tag, node.value, Object.freeze(node.subs.map(encodedOnce)) as ASN1Obj[]);
}

/** The same certificate, built with the library's public constructors over a tree that encodes once. */
export function withEncodedOnce(cert: X509Certificate): X509Certificate {
  return new X509Certificate(encodedOnce(cert.root));
}

/**
 * A certificate of the trusted root. sigstore-js checks every CA link of the
 * chain on every verification (the intermediate under the root, the root's own
 * signature): two P-384 signature checks, about 1.5 ms of a 3 ms verification
 * (measured). Between two certificates of the trusted root the answer cannot
 * change (both are immutable, frozen trees the tool owns), so it is computed
 * once per pair. A certificate from a bundle is never one of these: its checks
 * always run.
 */
class TrustedRootCertificate extends X509Certificate {
  readonly #verifiedBy = new WeakMap<X509Certificate, boolean>();

  override verify(issuer?: X509Certificate): boolean {
    const by = issuer ?? this;
    if (!(by instanceof TrustedRootCertificate)) return super.verify(issuer);
    let result = this.#verifiedBy.get(by);
    if (result === undefined) {
      result = super.verify(issuer);
      this.#verifiedBy.set(by, result);
    }
    return result;
  }
}

/** The trust material with its CA and TSA certificates encoding once and checking each other once (public keys and logs are untouched). */
export function trustWithEncodedOnce(material: TrustMaterial): TrustMaterial {
  const trusted = (cert: X509Certificate): X509Certificate => new TrustedRootCertificate(encodedOnce(cert.root));
  const authorities = (list: CertAuthority[]): CertAuthority[] => list.map((ca) => ({ ...ca, certChain: ca.certChain.map(trusted) }));
  return {
    ...material,
    certificateAuthorities: authorities(material.certificateAuthorities),
    timestampAuthorities: authorities(material.timestampAuthorities),
  };
}
