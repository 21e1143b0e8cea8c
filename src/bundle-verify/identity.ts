import type { X509Certificate } from '@sigstore/core';
import { VerifyError } from '../errors/index.js';

const ISSUER_V1 = '1.3.6.1.4.1.57264.1.1';
const ISSUER_V2 = '1.3.6.1.4.1.57264.1.8';
const UTF8_STRING_TAG = 0x0c;

export interface CertificateIdentity {
  /** The URI or email subject alternative name. */
  san: string;
  issuer: string;
}

/**
 * The signer's identity as Fulcio wrote it: the URI SAN or else the email
 * SAN, and the OIDC issuer from extension 1.8 (a UTF8String) or the legacy
 * 1.1 (raw bytes); both issuers present must agree.
 */
export function certificateIdentity(cert: X509Certificate): CertificateIdentity {
  const sanExt = cert.extSubjectAltName;
  const san = sanExt?.uri ?? sanExt?.rfc822Name;
  if (san === undefined) throw new VerifyError('ErrorInvalidCertificate', 'certificate has no URI or email subject alternative name');
  const v2 = cert.extension(ISSUER_V2);
  let issuerV2: string | undefined;
  if (v2) {
    const inner = v2.valueObj.subs;
    if (inner.length !== 1 || inner[0]?.tag.number !== UTF8_STRING_TAG || inner[0].tag.constructed) {
      throw new VerifyError('ErrorInvalidCertificate', `extension ${ISSUER_V2} is not a UTF8String`);
    }
    issuerV2 = utf8(inner[0].value);
  }
  const v1 = cert.extension(ISSUER_V1);
  const issuerV1 = v1 ? utf8(v1.value) : undefined;
  if (issuerV1 !== undefined && issuerV2 !== undefined && issuerV1 !== issuerV2) {
    throw new VerifyError('ErrorInvalidCertificate', `the certificate names two OIDC issuers: "${issuerV2}" and "${issuerV1}"`);
  }
  const issuer = issuerV2 ?? issuerV1;
  if (issuer === undefined) throw new VerifyError('ErrorInvalidCertificate', 'certificate has no OIDC issuer extension');
  return { san, issuer };
}

/** What the user named: an exact identity, or (cosign's --certificate-identity-regexp) a pattern over the whole SAN. */
export type ExpectedIdentity = CertificateIdentity | { sanPattern: RegExp; issuer: string };

/**
 * cosign's --certificate-identity-regexp, anchored at both ends whatever the
 * pattern says: "https://github.com/o/r/" must not match a SAN that merely
 * contains it. A pattern that does not compile is a usage error.
 */
export function anchoredIdentityPattern(pattern: string): RegExp {
  if (pattern === '') throw new VerifyError('ErrorUsage', '--certificate-identity-regexp may not be empty');
  try {
    return new RegExp(`^(?:${pattern})$`, 'u');
  } catch (err) {
    throw new VerifyError('ErrorUsage', `--certificate-identity-regexp: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** Exact string equality, or the anchored pattern; the issuer always exactly. */
export function checkIdentity(actual: CertificateIdentity, expected: ExpectedIdentity): void {
  if ('sanPattern' in expected) {
    if (!expected.sanPattern.test(actual.san)) {
      throw new VerifyError('ErrorMismatchCertificate', `signed by "${actual.san}", which does not match ${expected.sanPattern.source}`, { expected: expected.sanPattern.source, actual: actual.san });
    }
  } else if (actual.san !== expected.san) {
    throw new VerifyError('ErrorMismatchCertificate', `signed by "${actual.san}", expected "${expected.san}"`, { expected: expected.san, actual: actual.san });
  }
  if (actual.issuer !== expected.issuer) {
    throw new VerifyError('ErrorInvalidOIDCIssuer', `issued by "${actual.issuer}", expected "${expected.issuer}"`, { expected: expected.issuer, actual: actual.issuer });
  }
}

function utf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new VerifyError('ErrorInvalidCertificate', 'OIDC issuer extension is not valid UTF-8');
  }
}
