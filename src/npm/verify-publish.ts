import { toSignedEntity, Verifier, type TrustMaterial } from '@sigstore/verify';
import { VerifyError } from '../errors/index.js';
import type { TrustRoot } from '../sigstore/trusted-root.js';
import { parseSigstoreBundle } from '../sigstore/parse-bundle.js';
import { checkLoggedSigner, wrapLibrary } from '../sigstore/verify-bundle.js';
import type { RegistryKeys } from './registry-keys.js';

/** The publish attestation once its registry signature and log entry verified. */
export interface VerifiedPublish {
  payloadType: string;
  payload: Buffer;
  /** The registry key that signed, e.g. "SHA256:jl3b...". */
  keyId: string;
}

/**
 * The registry signs the publish attestation with a plain key named by its
 * hint; the key is trusted only when the registry key list has it (for
 * "npm:attestations", valid at the log's time). The DSSE signature is
 * checked first so a tampered payload reads as a bad signature, not as a
 * log-entry mismatch.
 */
export function verifyPublishBundle(json: unknown, trust: TrustRoot, keys: RegistryKeys): VerifiedPublish {
  const bundle = parseSigstoreBundle(json, 'publish attestation bundle');
  if (bundle.content.$case !== 'dsseEnvelope') throw new VerifyError('ErrorInvalidFormat', 'publish attestation bundle does not hold a DSSE envelope');
  const envelope = bundle.content.dsseEnvelope;
  if (envelope.signatures.length !== 1) {
    throw new VerifyError('ErrorInvalidSignature', `expected exactly one publish signature, found ${envelope.signatures.length}`);
  }
  if (bundle.verificationMaterial.tlogEntries.length === 0) {
    throw new VerifyError('ErrorNeedsLogLookup', 'the publish attestation has no transparency-log entry');
  }

  const entity = wrapLibrary(() => toSignedEntity(bundle));
  if (entity.key.$case !== 'public-key') throw new VerifyError('ErrorInvalidFormat', 'publish attestation must be signed with a registry key');
  const keyId = entity.key.hint;
  const key = keys.find(keyId);
  if (!key) throw new VerifyError('ErrorInvalidPublicKey', `no npm registry attestation key with id "${keyId}" in ${keys.origin}`, { actual: keyId });

  // As go-securesystemslib's DSSE verifier: a signature naming another key id is not this key's.
  const sigKeyId = envelope.signatures[0]!.keyid;
  if (sigKeyId !== '' && sigKeyId !== keyId) {
    throw new VerifyError('ErrorInvalidSignature', `publish signature key id "${sigKeyId}" is not the bundle's key "${keyId}"`);
  }
  if (!entity.signature.verifySignature(key.publicKey)) {
    throw new VerifyError('ErrorInvalidSignature', 'publish attestation signature does not verify with the npm registry key');
  }

  checkLoggedSigner(bundle.verificationMaterial.tlogEntries, { key: key.publicKey.export({ format: 'der', type: 'spki' }) });

  const material: TrustMaterial = {
    ...trust.material,
    publicKey: (hint) => {
      if (hint !== keyId) throw new VerifyError('ErrorInvalidPublicKey', `unexpected key hint "${hint}"`);
      return { publicKey: key.publicKey, validFor: key.validFor };
    },
  };
  const verifier = new Verifier(material, { tlogThreshold: 1, ctlogThreshold: 0, timestampThreshold: 1 });
  wrapLibrary(() => verifier.verify(entity));

  return { payloadType: envelope.payloadType, payload: Buffer.from(envelope.payload), keyId };
}
