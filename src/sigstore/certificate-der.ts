import { X509Certificate } from '@sigstore/core';
import { VerifyError, type ErrorCode } from '../errors/index.js';
import { libraryDetail } from './library-error.js';
import { withoutStackTraces } from './without-stack-traces.js';

const SEQUENCE = 0x10;
const BIT_STRING = 0x03;

/**
 * Structural rules Go's x509 parser enforces and @sigstore/core's does not.
 * Each one closes a gap where two readers of one certificate could disagree
 * (which copy of a repeated extension counts) or where bytes outside the
 * signed TBSCertificate could change without the signature noticing.
 */
export function checkCertificateStructure(cert: X509Certificate, what: string, code: ErrorCode = 'ErrorInvalidCertificate'): void {
  try {
    checkStructure(cert, what, code);
  } catch (err) {
    if (err instanceof VerifyError) throw err;
    throw new VerifyError(code, `${what} is not a well-formed X.509 certificate`);
  }
}

function checkStructure(cert: X509Certificate, what: string, code: ErrorCode): void {
  // Certificate ::= SEQUENCE { tbsCertificate SEQUENCE, signatureAlgorithm SEQUENCE, signatureValue BIT STRING }.
  // The library reads the parts by position whatever their tags; the outer tags are not signed.
  const [tbsPart, algorithmPart, signaturePart] = cert.root.subs;
  const universal = (obj: { tag: { class: number; number: number; constructed: boolean } } | undefined, number: number, constructed: boolean) =>
    obj !== undefined && obj.tag.class === 0 && obj.tag.number === number && obj.tag.constructed === constructed;
  if (!universal(cert.root, SEQUENCE, true) || cert.root.subs.length !== 3 || !universal(tbsPart, SEQUENCE, true) ||
      !universal(algorithmPart, SEQUENCE, true) || !universal(signaturePart, BIT_STRING, false)) {
    throw new VerifyError(code, `${what} is not an X.509 certificate structure`);
  }
  const seen = new Set<string>();
  for (const ext of cert.extensions) {
    const oid = ext.subs[0]?.toOID();
    if (oid === undefined) throw new VerifyError(code, `${what} has an extension without an OID`);
    // RFC 5280 4.2: a certificate must not include more than one instance of an extension.
    if (seen.has(oid)) throw new VerifyError(code, `${what} repeats extension ${oid}`);
    seen.add(oid);
  }
  // The outer algorithm is not signed; it must repeat the signed one (RFC 5280 4.1.1.2).
  const tbs = cert.tbsCertificate;
  const versioned = tbs.subs[0]?.tag.isContextSpecific(0) === true;
  const outer = cert.root.subs[1];
  const inner = tbs.subs[versioned ? 2 : 1];
  if (!outer || !inner || !outer.toDER().equals(inner.toDER())) {
    throw new VerifyError(code, `${what}: the signature algorithm differs from the signed one`);
  }
  // The BIT STRING's unused-bits count is outside the signed bytes and the library skips it unread.
  const signature = cert.root.subs[2];
  if (!signature || signature.value[0] !== 0) {
    throw new VerifyError(code, `${what}: the signature is not a whole number of bytes`);
  }
}

/** A certificate from the evidence (DER), parsed and held to the rules above. */
export function parseCertificateDer(der: Uint8Array, what: string, code: ErrorCode = 'ErrorInvalidCertificate'): X509Certificate {
  let cert: X509Certificate;
  try {
    cert = withoutStackTraces(() => X509Certificate.parse(Buffer.from(der)));
  } catch (err) {
    throw new VerifyError(code, `${what} is not a DER X.509 certificate${libraryDetail(err)}`);
  }
  checkCertificateStructure(cert, what, code);
  return cert;
}
