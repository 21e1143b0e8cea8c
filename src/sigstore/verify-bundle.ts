import { createPublicKey, type KeyObject } from 'node:crypto';
import type { Bundle, TransparencyLogEntry } from '@sigstore/bundle';
import type { X509Certificate } from '@sigstore/core';
import { toSignedEntity, Verifier, VerificationError, type SignedEntity } from '@sigstore/verify';
import { VerifyError, type ErrorCode } from '../errors/index.js';
import { certificateClaims, type CertificateClaims } from './certificate-claims.js';
import { withEncodedOnce } from './encoded-once.js';
import { isIntotoV001, verifyIntotoV001Bundle } from './intoto-v001.js';
import { libraryDetail } from './library-error.js';
import { bundleCertificates, leafCertificateDer, parseSigstoreBundle } from './parse-bundle.js';
import { loggedVerifiers } from './tlog-entry.js';
import type { TrustRoot } from './trusted-root.js';
import { withoutStackTraces } from './without-stack-traces.js';

/** A DSSE envelope whose signature, certificate chain and log evidence all verified. */
export interface VerifiedEnvelope {
  payloadType: string;
  /** The exact bytes that were signed (the DSSE payload). */
  payload: Buffer;
  certificate: CertificateClaims;
  /** The log's integrated time, when the log gave one (Rekor v2 entries rely on a TSA instead). */
  signingTime: Date | undefined;
  logIndex: string | undefined;
  /** Set when the log entry was found by an online Rekor lookup (legacy bare envelopes). */
  rekorLookup?: { logIndex: string; uuid: string; url: string };
}

/** sigstore-js failure kinds mapped onto the taxonomy. */
const LIBRARY_CODES: Record<string, ErrorCode> = {
  SIGNATURE_ERROR: 'ErrorInvalidSignature',
  CERTIFICATE_ERROR: 'ErrorInvalidCertificate',
  PUBLIC_KEY_ERROR: 'ErrorInvalidPublicKey',
  TIMESTAMP_ERROR: 'ErrorNoValidRekorEntries',
  TLOG_ERROR: 'ErrorInvalidRekorEntry',
  TLOG_INCLUSION_PROOF_ERROR: 'ErrorInvalidRekorEntry',
  TLOG_INCLUSION_PROMISE_ERROR: 'ErrorInvalidRekorEntry',
  TLOG_MISSING_INCLUSION_ERROR: 'ErrorInvalidRekorEntry',
  // The entry is valid but for another envelope: no entry matches this one.
  TLOG_BODY_ERROR: 'ErrorNoValidRekorEntries',
};

export function verifyProvenanceBundle(json: unknown, trust: TrustRoot): VerifiedEnvelope {
  const bundle = parseSigstoreBundle(json);
  const carried = bundleCertificates(bundle);
  if (bundle.content.$case !== 'dsseEnvelope') {
    throw new VerifyError('ErrorInvalidFormat', 'bundle does not hold a DSSE envelope');
  }
  const envelope = bundle.content.dsseEnvelope;
  if (envelope.signatures.length !== 1) {
    throw new VerifyError('ErrorInvalidSignature', `expected exactly one DSSE signature, found ${envelope.signatures.length}`);
  }

  // Unlike a bare envelope, a bundle claims to carry its own evidence: one
  // without what its root asks for is incomplete, not something to look up.
  const { tlogThreshold } = signingTimeEvidence(bundle, trust);

  const parsed = wrapLibrary(() => toSignedEntity(bundle));
  if (parsed.key.$case !== 'certificate') {
    throw new VerifyError('ErrorInvalidCertificate', 'provenance must be signed with a Sigstore certificate');
  }
  const certificate = withEncodedOnce(parsed.key.certificate);
  const entity: SignedEntity = { ...parsed, key: { $case: 'certificate', certificate } };
  checkCarriedChain(carried, trust);

  // Checked first (the library checks it last) so that a tampered payload is
  // reported as a bad signature rather than as a log-entry mismatch.
  if (!entity.signature.verifySignature(certificatePublicKey(certificate))) {
    throw new VerifyError('ErrorInvalidSignature', 'DSSE signature does not verify with the certificate key');
  }

  checkLoggedSigner(bundle.verificationMaterial.tlogEntries, { certificate: leafCertificateDer(bundle) ?? Buffer.alloc(0) });

  const ctlogThreshold = trust.material.ctlogs.length > 0 ? 1 : 0;
  const verifier = new Verifier(trust.material, {
    tlogThreshold,
    // A private instance may run without CT logs; when the root lists any, an SCT is required.
    ctlogThreshold,
    timestampThreshold: 1,
  });
  if (isIntotoV001(bundle.verificationMaterial.tlogEntries)) {
    // Legacy entries sigstore-js cannot bind: bound here, the rest still by the library.
    const timestampOnly = new Verifier(trust.material, { tlogThreshold: 0, ctlogThreshold, timestampThreshold: 1 });
    wrapLibrary(() => verifyIntotoV001Bundle(bundle, entity, trust, timestampOnly));
  } else {
    wrapLibrary(() => verifier.verify(entity));
  }

  return {
    payloadType: envelope.payloadType,
    payload: Buffer.from(envelope.payload),
    certificate: certificateClaims(certificate),
    signingTime: signingTime(bundle.verificationMaterial.tlogEntries),
    logIndex: bundle.verificationMaterial.tlogEntries[0]?.logIndex,
  };
}

/**
 * What must vouch for the signing time, decided by the trusted root alone.
 * A root with a transparency log needs a log entry: a timestamp never
 * replaces it. A root without one (GitHub's own instance: a CA and a
 * timestamp authority) needs an RFC 3161 timestamp, and a log entry it
 * cannot check is refused rather than ignored.
 */
export function signingTimeEvidence(bundle: Bundle, trust: TrustRoot): { tlogThreshold: 0 | 1 } {
  const entries = bundle.verificationMaterial.tlogEntries.length;
  if (trust.material.tlogs.length > 0) {
    if (entries === 0) throw new VerifyError('ErrorNoValidRekorEntries', 'the bundle carries no transparency-log entry');
    return { tlogThreshold: 1 };
  }
  if (entries > 0) {
    throw new VerifyError('ErrorNoValidRekorEntries', `the trusted root (${trust.origin}) has no transparency log to check the bundle's log entry against`);
  }
  if ((bundle.verificationMaterial.timestampVerificationData?.rfc3161Timestamps.length ?? 0) === 0) {
    throw new VerifyError('ErrorNoValidRekorEntries', `the trusted root (${trust.origin}) has no transparency log, and the bundle carries no RFC 3161 timestamp`);
  }
  return { tlogThreshold: 0 };
}

function signingTime(entries: TransparencyLogEntry[]): Date | undefined {
  // Only a signed entry timestamp vouches for the integrated time (as the library counts timestamps).
  const entry = entries.find((e) => e.inclusionPromise && e.integratedTime && e.integratedTime !== '0');
  return entry ? new Date(Number(entry.integratedTime) * 1000) : undefined;
}

function certificatePublicKey(cert: X509Certificate): KeyObject {
  try {
    return createPublicKey({ key: cert.publicKey, format: 'der', type: 'spki' });
  } catch (err) {
    throw new VerifyError('ErrorInvalidCertificate', `the certificate's public key cannot be used${libraryDetail(err)}`);
  }
}

/**
 * The library builds the chain from the trusted root and never reads the
 * certificates a bundle carries after the leaf; being copies of trusted
 * ones, they must be exactly that.
 */
export function checkCarriedChain(certificates: readonly X509Certificate[], trust: TrustRoot): void {
  const trusted = trust.material.certificateAuthorities.flatMap((ca) => ca.certChain);
  for (const [i, cert] of certificates.entries()) {
    if (i === 0) continue;
    if (!trusted.some((t) => t.equals(cert))) {
      throw new VerifyError('ErrorInvalidCertificate', `chain certificate ${i + 1} is not a certificate of the trusted root`);
    }
  }
}

/**
 * Every log entry must name the bundle's signer: the body records the
 * certificate (or key) the log accepted the signature with, and the library
 * compares only the signature and the digest.
 */
export function checkLoggedSigner(entries: readonly TransparencyLogEntry[], signer: { certificate: Buffer } | { key: Buffer }): void {
  for (const entry of entries) {
    const logged = loggedVerifiers(entry);
    const ok =
      'certificate' in signer
        ? logged.keys.length === 0 && logged.certificates.length > 0 && logged.certificates.every((c) => c.equals(signer.certificate))
        : logged.certificates.length === 0 && logged.keys.length > 0 && logged.keys.every((k) => k.equals(signer.key));
    if (!ok) throw new VerifyError('ErrorNoValidRekorEntries', `the log entry ${entry.logIndex} records another signer than the bundle's`);
  }
}

/** Runs a sigstore-js call, mapping its failures onto the taxonomy. */
export function wrapLibrary<T>(run: () => T): T {
  try {
    return withoutStackTraces(run);
  } catch (err) {
    if (err instanceof VerifyError) throw err;
    if (err instanceof VerificationError) {
      throw new VerifyError(LIBRARY_CODES[err.code] ?? 'ErrorInvalidSignature', err.message, { cause: err });
    }
    // Any other throw from parsing inside the library (ASN.1, PEM): fail closed, in our words.
    throw new VerifyError('ErrorInvalidFormat', `the evidence could not be read${libraryDetail(err)}`, { cause: err });
  }
}
