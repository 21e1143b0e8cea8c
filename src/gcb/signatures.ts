import { verify, type KeyObject } from 'node:crypto';
import { VerifyError, asVerifyError } from '../errors/index.js';
import { IN_TOTO_PAYLOAD_TYPE } from '../provenance/statement.js';
import type { GcloudEntry, GcloudProvenance } from './gcloud-file.js';
import { goBase64Decode, goBase64DecodeEither } from './go-base64.js';
import { parseGcbStatement, type GcbStatement } from './statement.js';

/**
 * Signature verification of Cloud Build provenance, as slsa-verifier's
 * gcb.VerifySignature: the first provenance entry with one valid signature
 * wins. Regional `builtByGCB` keys sign sha256(payload) directly (legacy, not
 * DSSE); the two global keys sign the DSSE PAE. Signatures under other key
 * IDs are ignored.
 */

const KMS = 'projects/verified-builder/locations';
export const V1_GLOBAL_PAE_KEY_ID = `${KMS}/global/keyRings/attestor/cryptoKeys/google-hosted-worker/cryptoKeyVersions/1`;
export const V01_GLOBAL_PAE_KEY_ID = `${KMS}/global/keyRings/attestor/cryptoKeys/provenanceSigner/cryptoKeyVersions/1`;
const GLOBAL_KEY_NAMES: Readonly<Record<string, string>> = {
  [V1_GLOBAL_PAE_KEY_ID]: 'global-pae-google-hosted-worker_1',
  [V01_GLOBAL_PAE_KEY_ID]: 'global-pae-provenanceSigner_1',
};
// Go's "." stops at "\n" only.
const REGIONAL_KEY_ID = /^projects\/verified-builder\/locations\/([^\n]*)\/keyRings\/attestor\/cryptoKeys\/builtByGCB\/cryptoKeyVersions\/1$/;

export interface VerifiedGcbEntry {
  entry: GcloudEntry;
  statement: GcbStatement;
  /** The key that verified, by its slsa-verifier name. */
  keyName: string;
}

function publicKey(keys: ReadonlyMap<string, KeyObject>, name: string): KeyObject {
  const key = keys.get(name);
  if (!key) throw new VerifyError('ErrorInvalidPublicKey', `no key named "${name}" in the trust config`);
  return key;
}

function pae(payloadType: string, body: Buffer): Buffer {
  const type = Buffer.from(payloadType, 'utf8');
  return Buffer.concat([Buffer.from(`DSSEv1 ${type.length} `), type, Buffer.from(` ${body.length} `), body]);
}

/** go-securesystemslib's EnvelopeVerifier with one key: any signature under its ID (or none) may match. */
function verifyPae(entry: GcloudEntry, payload: Buffer, keyId: string, key: KeyObject, name: string): void {
  const message = pae(entry.envelope.payloadType, payload);
  for (const s of entry.envelope.signatures ?? []) {
    const sig = goBase64DecodeEither(s.sig);
    if (!sig) throw new VerifyError('ErrorInvalidEncoding', 'unable to base64 decode a signature');
    if (s.keyid !== '' && s.keyid !== keyId) continue;
    if (verify('sha256', message, key, sig)) return;
  }
  throw new VerifyError('ErrorInvalidSignature', `cannot verify with public key '${name}'`);
}

function verifyEntry(entry: GcloudEntry, keys: ReadonlyMap<string, KeyObject>): VerifiedGcbEntry {
  if (entry.envelope.payloadType !== IN_TOTO_PAYLOAD_TYPE) {
    throw new VerifyError('ErrorInvalidDssePayload', `expected payload type '${IN_TOTO_PAYLOAD_TYPE}', got ${entry.envelope.payloadType}`);
  }
  const payload = goBase64Decode(entry.envelope.payload, 'std');
  if (!payload) throw new VerifyError('ErrorInvalidDssePayload', 'payload is not base64');
  if (payload.length === 0) throw new VerifyError('ErrorInvalidFormat', 'empty payload');
  const signatures = entry.envelope.signatures ?? [];
  if (signatures.length === 0) throw new VerifyError('ErrorNoValidSignature', 'no signatures found in envelope');

  const errors: VerifyError[] = [];
  for (const sig of signatures) {
    let keyName: string;
    try {
      const globalName = Object.hasOwn(GLOBAL_KEY_NAMES, sig.keyid) ? GLOBAL_KEY_NAMES[sig.keyid] : undefined;
      const region = REGIONAL_KEY_ID.exec(sig.keyid)?.[1];
      if (globalName !== undefined) {
        verifyPae(entry, payload, sig.keyid, publicKey(keys, globalName), globalName);
        keyName = globalName;
      } else if (region !== undefined) {
        const key = publicKey(keys, region);
        const raw = goBase64DecodeEither(sig.sig);
        if (!raw) throw new VerifyError('ErrorInvalidEncoding', 'signature is not base64');
        // ecdsa.VerifyASN1 over sha256(payload): ECDSA-SHA256 of the payload itself, not of the PAE.
        if (!verify('sha256', payload, key, raw)) {
          throw new VerifyError('ErrorInvalidSignature', `cannot verify with public key '${region}'`);
        }
        keyName = region;
      } else {
        continue;
      }
    } catch (err) {
      errors.push(asVerifyError(err));
      continue;
    }
    try {
      const statement = parseGcbStatement(payload, sig.keyid === V1_GLOBAL_PAE_KEY_ID ? 'v1' : 'v0.1');
      return { entry, statement, keyName };
    } catch (err) {
      errors.push(asVerifyError(err));
    }
  }
  throw new VerifyError('ErrorNoValidSignature', errors.map((e) => e.message).join('; ') || 'no signature under a known key ID');
}

export function verifyGcbSignature(file: GcloudProvenance, keys: ReadonlyMap<string, KeyObject>): VerifiedGcbEntry {
  const entries = file.provenance_summary.provenance ?? [];
  if (entries.length === 0) throw new VerifyError('ErrorInvalidDssePayload', 'no provenance found');
  const errors: string[] = [];
  for (const entry of entries) {
    try {
      return verifyEntry(entry, keys);
    } catch (err) {
      errors.push(asVerifyError(err).message);
    }
  }
  throw new VerifyError('ErrorNoValidSignature', errors.join('; '));
}
