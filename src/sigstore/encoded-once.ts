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

/** The trust material with its CA and TSA certificates encoding once (public keys and logs are untouched). */
export function trustWithEncodedOnce(material: TrustMaterial): TrustMaterial {
  const authorities = (list: CertAuthority[]): CertAuthority[] => list.map((ca) => ({ ...ca, certChain: ca.certChain.map(withEncodedOnce) }));
  return {
    ...material,
    certificateAuthorities: authorities(material.certificateAuthorities),
    timestampAuthorities: authorities(material.timestampAuthorities),
  };
}
