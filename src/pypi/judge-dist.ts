import type { HashOutcome } from '../artifacts/hash-artifacts.js';
import { asVerifyError, VerifyError, type ErrorCode } from '../errors/index.js';
import { verifyProvenanceBundle, type VerifiedEnvelope } from '../sigstore/verify-bundle.js';
import type { TrustRoot } from '../sigstore/trusted-root.js';
import type { PypiEvidence } from './provenance-file.js';
import { expectedIdentity, verifyCertificatePublisher, verifyRecordedPublisher, type ExpectedPublisher } from './publisher-policy.js';
import { parsePypiStatement, verifySubjectDigest, verifySubjectName, type PypiStatement } from './statement.js';
import { attestationToBundle } from './to-bundle.js';

export type PypiCheckId = 'provenance' | 'signature' | 'statement' | 'subject-name' | 'subject-digest' | 'certificate-publisher' | 'recorded-publisher';

export interface PypiCheck {
  id: PypiCheckId;
  /** 1-based position of the attestation in the provenance object (every bundle's, in order). */
  attestation: number | undefined;
  status: 'pass' | 'fail';
  expected?: string;
  actual?: string;
  code?: ErrorCode;
  message?: string;
}

export interface VerifiedAttestation {
  envelope: VerifiedEnvelope;
  statement: PypiStatement;
  /** The publishing workflow; undefined for a Google service account. */
  workflow: string | undefined;
}

export interface PypiVerdict {
  /** As given (or found in the directory). */
  path: string;
  sha256: string | undefined;
  ok: boolean;
  error: VerifyError | undefined;
  attestations: VerifiedAttestation[];
  checks: PypiCheck[];
}

export interface PypiContext {
  trust: TrustRoot;
  expected: ExpectedPublisher;
}

/**
 * One distribution against its PEP 740 provenance. Every attestation must
 * pass (a provenance object is PyPI's whole record for the file, so one bad
 * attestation is a reason to distrust it): Sigstore verification, the
 * statement, its one subject (filename, sha256), then the Trusted Publisher
 * in the certificate and as PyPI recorded it.
 */
export function judgeDistribution(
  path: string,
  distName: string,
  hash: HashOutcome,
  provenance: PypiEvidence | VerifyError,
  context: PypiContext,
): PypiVerdict {
  const verdict: PypiVerdict = { path, sha256: undefined, ok: false, error: undefined, attestations: [], checks: [] };
  const fail = (error: VerifyError, id: PypiCheckId, attestation?: number): PypiVerdict => {
    verdict.checks.push({ id, attestation, status: 'fail', code: error.code, message: error.message, ...detail(error) });
    return { ...verdict, error };
  };
  if (!hash.ok) return { ...verdict, error: hash.error };
  const sha256 = hash.digests.sha256;
  if (sha256 === undefined) return { ...verdict, error: new VerifyError('ErrorInvalidHash', 'no sha256 digest of the distribution') };
  verdict.sha256 = sha256;
  if (provenance instanceof VerifyError) return fail(provenance, 'provenance');

  let n = 0;
  for (const bundle of provenance.attestation_bundles) {
    for (const attestation of bundle.attestations) {
      n += 1;
      const many = provenance.attestation_bundles.length > 1 || bundle.attestations.length > 1;
      let id: PypiCheckId = 'signature';
      try {
        const envelope = verifyProvenanceBundle(attestationToBundle(attestation), context.trust);
        pass(verdict, id, n);
        id = 'statement';
        const statement = parsePypiStatement(envelope.payload);
        pass(verdict, id, n, statement.predicateType);
        id = 'subject-name';
        verifySubjectName(statement, distName);
        pass(verdict, id, n, distName);
        id = 'subject-digest';
        verifySubjectDigest(statement, sha256);
        pass(verdict, id, n, sha256);
        id = 'certificate-publisher';
        const workflow = verifyCertificatePublisher(envelope.certificate, context.expected);
        const identity = expectedIdentity(context.expected);
        pass(verdict, id, n, identity, context.expected.kind === 'Google' ? envelope.certificate.subjectAlternativeName : envelope.certificate.buildConfigUri);
        if (bundle.publisher !== null) {
          id = 'recorded-publisher';
          verifyRecordedPublisher(bundle.publisher, context.expected, workflow);
          pass(verdict, id, n, context.expected.kind === 'Google' ? identity : context.expected.slug);
        }
        verdict.attestations.push({ envelope, statement, workflow });
      } catch (err) {
        const error = asVerifyError(err);
        return fail(many ? error.withContext(`attestation ${n}`) : error, id, n);
      }
    }
  }
  return { ...verdict, ok: true };
}

function pass(verdict: PypiVerdict, id: PypiCheckId, attestation: number, expected?: string, actual?: string): void {
  verdict.checks.push({ id, attestation, status: 'pass', ...(expected === undefined ? {} : { expected }), ...(actual === undefined ? {} : { actual }) });
}

function detail(error: VerifyError): { expected?: string; actual?: string } {
  return { ...(error.expected === undefined ? {} : { expected: error.expected }), ...(error.actual === undefined ? {} : { actual: error.actual }) };
}
