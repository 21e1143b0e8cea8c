import type { Bundle } from '@sigstore/bundle';
import { HashAlgorithm } from '@sigstore/protobuf-specs';
import { toSignedEntity, Verifier, type SignedEntity, type TrustMaterial } from '@sigstore/verify';
import * as z from 'zod';
import { VerifyError } from '../errors/index.js';
import { readBoundedFile } from '../files/read-bounded.js';
import type { TrustRoot } from '../sigstore/trusted-root.js';
import { bundleCertificates, leafCertificateDer, parseSigstoreBundle } from '../sigstore/parse-bundle.js';
import { checkCarriedChain, checkLoggedSigner, signingTimeEvidence, wrapLibrary } from '../sigstore/verify-bundle.js';
import { parseVsaPublicKey, type VsaPublicKey } from '../vsa/public-key.js';
import { artifactDigest, type ArtifactInput, type BundleDigestAlgorithm } from './artifact-input.js';
import { verifyEcdsaDigest } from './ecdsa-prehashed.js';
import { readRegularFile } from './read-regular-file.js';
import { certificateIdentity, checkIdentity, type CertificateIdentity, type ExpectedIdentity } from './identity.js';
import { checkStatementSubject } from './statement-subject.js';
import { parseUntrustedJson } from '../files/untrusted-json.js';
import { FILE_CAPS } from '../files/caps.js';

/** Who must have signed: a Fulcio identity, or a key given as PEM. */
export type ExpectedSigner = { kind: 'identity'; identity: ExpectedIdentity } | { kind: 'key'; pem: string };

export interface VerifiedBundle {
  content: 'message-signature' | 'dsse';
  /** The certificate identity, or the key's SSH SHA256 fingerprint. */
  signer: CertificateIdentity | { key: string };
  logIndex: string | undefined;
}

/** The message digests a signature may be over (the library hashes the artifact with the same one). */
const MESSAGE_DIGEST_ALGORITHMS = new Map<HashAlgorithm, BundleDigestAlgorithm>([
  [HashAlgorithm.SHA2_256, 'sha256'],
  [HashAlgorithm.SHA2_384, 'sha384'],
  [HashAlgorithm.SHA2_512, 'sha512'],
]);

/** Bundles are kilobytes; the cap keeps a hostile file from exhausting memory. */
const MAX_BUNDLE_BYTES = FILE_CAPS.bundle;

export async function readBundleFile(path: string): Promise<Bundle> {
  const bytes = await readBoundedFile(path, { what: 'bundle', maxBytes: MAX_BUNDLE_BYTES, tooLargeCode: 'ErrorInvalidFormat' });
  let json: unknown;
  try {
    json = parseUntrustedJson(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw new VerifyError('ErrorInvalidFormat', `bundle ${path} is not JSON`);
  }
  return parseSigstoreBundle(json, `Sigstore bundle ${path}`);
}

/**
 * Generic Sigstore bundle verification (the conformance suite's verify-bundle):
 * signature, certificate chain or key, SCT, transparency-log entry and
 * timestamps through @sigstore/verify; then what the library leaves to its
 * caller: the artifact (a DSSE statement's subject, or the message digest),
 * and the signer identity, compared exactly. A log entry is always required
 * (for key-signed bundles too) unless the trusted root has no log; then an
 * RFC 3161 timestamp is (src/sigstore/verify-bundle.ts signingTimeEvidence).
 */
export function verifySigstoreBundle(bundle: Bundle, artifact: ArtifactInput, signer: ExpectedSigner, trust: TrustRoot): VerifiedBundle {
  const material = bundle.verificationMaterial.content.$case;
  let key: VsaPublicKey | undefined;
  let trustMaterial: TrustMaterial = trust.material;
  if (signer.kind === 'key') {
    if (material !== 'publicKey') throw new VerifyError('ErrorInvalidFormat', `--key verifies key-signed bundles; this one carries a ${material}`);
    const parsed = parseVsaPublicKey(signer.pem);
    key = parsed;
    // The bundle's hint is only a name; the key is the one the user gave, whatever the hint says.
    trustMaterial = { ...trust.material, publicKey: () => ({ publicKey: parsed.key, validFor: () => true }) };
  } else if (material === 'publicKey') {
    throw new VerifyError('ErrorInvalidCertificate', 'the bundle is key-signed: it has no certificate identity to check');
  }
  const { tlogThreshold } = signingTimeEvidence(bundle, trust);

  let entity: SignedEntity;
  if (bundle.content.$case === 'dsseEnvelope') {
    if (bundle.content.dsseEnvelope.signatures.length !== 1) {
      // The library checks only the first signature.
      throw new VerifyError('ErrorInvalidSignature', `expected exactly one DSSE signature, found ${bundle.content.dsseEnvelope.signatures.length}`);
    }
    checkStatementSubject(bundle.content.dsseEnvelope.payloadType, bundle.content.dsseEnvelope.payload, artifact);
    entity = wrapLibrary(() => toSignedEntity(bundle));
  } else {
    const digest = bundle.content.messageSignature.messageDigest;
    const algorithm = digest === undefined ? undefined : MESSAGE_DIGEST_ALGORITHMS.get(digest.algorithm);
    if (digest === undefined || algorithm === undefined) {
      throw new VerifyError('ErrorNotSupported', 'only SHA-256, SHA-384 and SHA-512 message digests are supported');
    }
    const ours = artifactDigest(artifact, algorithm);
    if (ours === undefined) {
      throw new VerifyError('ErrorMismatchHash', `the bundle signs a ${algorithm} digest; give the artifact file or its ${algorithm} digest`);
    }
    // The library verifies the signature over the bytes but never compares them with the stated digest.
    if (!digest.digest.equals(ours)) {
      throw new VerifyError('ErrorMismatchHash', `artifact ${algorithm} ${ours.toString('hex')} is not the signed digest ${digest.digest.toString('hex')}`);
    }
    entity =
      artifact.kind === 'file'
        ? wrapLibrary(() => toSignedEntity(bundle, artifact.bytes))
        : digestOnlyEntity(wrapLibrary(() => toSignedEntity(bundle, Buffer.alloc(0))), ours);
  }

  const ctlogThreshold = signer.kind === 'identity' && trust.material.ctlogs.length > 0 ? 1 : 0;
  const verifier = new Verifier(trustMaterial, { tlogThreshold, ctlogThreshold, timestampThreshold: 1 });
  wrapLibrary(() => verifier.verify(entity));
  // What the library leaves unread: the entry's record of the signer, and the chain copies the bundle carries.
  if (key) {
    checkLoggedSigner(bundle.verificationMaterial.tlogEntries, { key: key.key.export({ format: 'der', type: 'spki' }) });
  } else {
    checkCarriedChain(bundleCertificates(bundle), trust);
    checkLoggedSigner(bundle.verificationMaterial.tlogEntries, { certificate: leafCertificateDer(bundle) ?? Buffer.alloc(0) });
  }

  const logIndex = bundle.verificationMaterial.tlogEntries[0]?.logIndex;
  const content = bundle.content.$case === 'dsseEnvelope' ? 'dsse' : 'message-signature';
  if (signer.kind === 'key') return { content, signer: { key: key!.fingerprint }, logIndex };
  if (entity.key.$case !== 'certificate') throw new VerifyError('ErrorInvalidCertificate', 'the bundle has no signing certificate');
  const identity = certificateIdentity(entity.key.certificate);
  checkIdentity(identity, signer.identity);
  return { content, signer: identity, logIndex };
}

/**
 * A message signature checked against a digest alone: the signature is
 * verified over the digest (prehashed ECDSA), every other comparison is the
 * library's own.
 */
function digestOnlyEntity(entity: SignedEntity, messageDigest: Buffer): SignedEntity {
  const signature = entity.signature;
  return {
    ...entity,
    signature: {
      signature: signature.signature,
      compareSignature: (s) => signature.compareSignature(s),
      compareDigest: (d) => signature.compareDigest(d),
      compareSignedDigest: (d) => signature.compareSignedDigest(d),
      verifySignature: (key) => {
        if (key.asymmetricKeyType !== 'ec') {
          throw new VerifyError('ErrorNotSupported', `a digest can only be verified for ECDSA signatures (key type ${key.asymmetricKeyType ?? '?'}); give the artifact file`);
        }
        return verifyEcdsaDigest(key, messageDigest, signature.signature);
      },
    },
  };
}
