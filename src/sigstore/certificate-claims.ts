import { X509Certificate } from '@sigstore/core';
import { VerifyError } from '../errors/index.js';
import { checkCertificateStructure } from './certificate-der.js';

/**
 * What a Fulcio certificate says about the GitHub Actions run that signed.
 * Field names follow Fulcio's OID documentation. Every field is the decoded
 * string, or undefined when the extension is absent.
 */
export interface CertificateClaims {
  /**
   * URI SAN: the workflow that signed, e.g. https://github.com/o/r/.github/workflows/w.yml@refs/tags/v1.
   * Without a URI SAN, the email SAN (a Google service account): check subjectAlternativeNameKind
   * before reading it as a workflow.
   */
  subjectAlternativeName: string;
  subjectAlternativeNameKind: 'uri' | 'email';
  /** 1.1 (raw) or 1.8 (DER UTF8String); both must agree when both are present. */
  issuer: string | undefined;
  // Deprecated v1 extensions (raw bytes, 1.3.6.1.4.1.57264.1.2-1.6).
  githubWorkflowTrigger: string | undefined;
  githubWorkflowSha: string | undefined;
  githubWorkflowName: string | undefined;
  githubWorkflowRepository: string | undefined;
  githubWorkflowRef: string | undefined;
  // v2 extensions (DER UTF8String, 1.3.6.1.4.1.57264.1.8-1.22).
  issuerV2: string | undefined;
  buildSignerUri: string | undefined;
  buildSignerDigest: string | undefined;
  runnerEnvironment: string | undefined;
  sourceRepositoryUri: string | undefined;
  sourceRepositoryDigest: string | undefined;
  sourceRepositoryRef: string | undefined;
  sourceRepositoryIdentifier: string | undefined;
  sourceRepositoryOwnerUri: string | undefined;
  sourceRepositoryOwnerIdentifier: string | undefined;
  buildConfigUri: string | undefined;
  buildConfigDigest: string | undefined;
  buildTrigger: string | undefined;
  runInvocationUri: string | undefined;
  sourceRepositoryVisibilityAtSigning: string | undefined;
}

const FULCIO = '1.3.6.1.4.1.57264.1';

/** OIDs .1 to .6 hold the raw string bytes as the extension value. */
const RAW_OIDS = {
  issuer: `${FULCIO}.1`,
  githubWorkflowTrigger: `${FULCIO}.2`,
  githubWorkflowSha: `${FULCIO}.3`,
  githubWorkflowName: `${FULCIO}.4`,
  githubWorkflowRepository: `${FULCIO}.5`,
  githubWorkflowRef: `${FULCIO}.6`,
} as const;

/** OIDs .8 and above hold a DER UTF8String. */
const UTF8_OIDS = {
  issuerV2: `${FULCIO}.8`,
  buildSignerUri: `${FULCIO}.9`,
  buildSignerDigest: `${FULCIO}.10`,
  runnerEnvironment: `${FULCIO}.11`,
  sourceRepositoryUri: `${FULCIO}.12`,
  sourceRepositoryDigest: `${FULCIO}.13`,
  sourceRepositoryRef: `${FULCIO}.14`,
  sourceRepositoryIdentifier: `${FULCIO}.15`,
  sourceRepositoryOwnerUri: `${FULCIO}.16`,
  sourceRepositoryOwnerIdentifier: `${FULCIO}.17`,
  buildConfigUri: `${FULCIO}.18`,
  buildConfigDigest: `${FULCIO}.19`,
  buildTrigger: `${FULCIO}.20`,
  runInvocationUri: `${FULCIO}.21`,
  sourceRepositoryVisibilityAtSigning: `${FULCIO}.22`,
} as const;

const UTF8_STRING_TAG = 0x0c;

function decodeRaw(cert: X509Certificate, oid: string): string | undefined {
  const ext = cert.extension(oid);
  if (!ext) return undefined;
  return decodeStrictUtf8(ext.value, oid);
}

function decodeUtf8String(cert: X509Certificate, oid: string): string | undefined {
  const ext = cert.extension(oid);
  if (!ext) return undefined;
  // valueObj is the extnValue OCTET STRING; it must wrap exactly one UTF8String.
  // Anything else (another tag, trailing data) means the issuer did not write
  // what we expect: fail closed.
  const wrapped = ext.valueObj.subs;
  const inner = wrapped[0];
  if (wrapped.length !== 1 || !inner || inner.tag.number !== UTF8_STRING_TAG || inner.tag.constructed) {
    throw new VerifyError('ErrorInvalidCertificate', `extension ${oid} is not a UTF8String`);
  }
  return decodeStrictUtf8(inner.value, oid);
}

function decodeStrictUtf8(bytes: Uint8Array, oid: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new VerifyError('ErrorInvalidCertificate', `extension ${oid} is not valid UTF-8`);
  }
}

export function certificateClaims(cert: X509Certificate): CertificateClaims {
  // A repeated extension would make "the" claim a matter of which copy a reader takes.
  checkCertificateStructure(cert, 'the signing certificate');
  const uri = cert.extSubjectAltName?.uri;
  const email = cert.extSubjectAltName?.rfc822Name;
  // The URI SAN wins when both are present, so a workflow identity is never read from an email.
  const [san, kind] = uri ? [uri, 'uri'] : email ? [email, 'email'] : [undefined, undefined];
  if (san === undefined) {
    throw new VerifyError('ErrorInvalidCertificate', 'certificate has no URI or email subject alternative name');
  }
  const claims: Record<string, string | undefined> = { subjectAlternativeName: san, subjectAlternativeNameKind: kind };
  for (const [name, oid] of Object.entries(RAW_OIDS)) claims[name] = decodeRaw(cert, oid);
  for (const [name, oid] of Object.entries(UTF8_OIDS)) claims[name] = decodeUtf8String(cert, oid);
  return claims as unknown as CertificateClaims;
}
