import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { preAuthEncoding } from '../../src/vsa/envelope.js';

export type KeyKind = 'ecdsa-p256-der' | 'ecdsa-p256-raw' | 'ecdsa-p384-der' | 'rsa' | 'ed25519';

export const VERIFIER_ID = 'https://verifier.fixtures.slsa-verify.test/v1';
export const RESOURCE_URI = 'pkg:npm/@slsa-verify-fixtures/hello@1.0.0';
export const DIGEST = 'sha256:8f434346648f6b96df89dda901c5176b10a6d83961dd3c1ac88b59b2dc327aa4';

const keys = new Map<KeyKind, { privateKey: KeyObject; publicKey: KeyObject }>();

function keyPair(kind: KeyKind): { privateKey: KeyObject; publicKey: KeyObject } {
  let pair = keys.get(kind);
  if (!pair) {
    if (kind === 'rsa') pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
    else if (kind === 'ed25519') pair = generateKeyPairSync('ed25519');
    else pair = generateKeyPairSync('ec', { namedCurve: kind === 'ecdsa-p384-der' ? 'P-384' : 'P-256' });
    keys.set(kind, pair);
  }
  return pair;
}

export function vsaStatement(edit: (predicate: Record<string, unknown>) => void = () => undefined): Record<string, unknown> {
  const predicate: Record<string, unknown> = {
    verifier: { id: VERIFIER_ID },
    timeVerified: '2025-07-01T10:00:00Z',
    resourceUri: RESOURCE_URI,
    policy: { uri: 'https://policy.fixtures.slsa-verify.test/npm' },
    verificationResult: 'PASSED',
    verifiedLevels: ['SLSA_BUILD_LEVEL_3', 'FEDRAMP_LOW'],
    slsaVersion: '1.1',
  };
  edit(predicate);
  return {
    _type: 'https://in-toto.io/Statement/v1',
    subject: [{ name: 'hello-1.0.0.tgz', digest: { sha256: DIGEST.slice('sha256:'.length) } }],
    predicateType: 'https://slsa.dev/verification_summary/v1',
    predicate,
  };
}

export interface VsaFiles {
  attestation: string;
  publicKey: string;
}

export interface EnvelopeOptions {
  /** The payload type signed and written (default the in-toto one). */
  payloadType?: string;
  /** The signed bytes instead of the statement's JSON. */
  payload?: Buffer;
  /** How the payload is written in the envelope (default standard base64). */
  encodePayload?: (payload: Buffer) => string;
  /** The signature list written, from the one valid signature (default: just it). */
  signatures?: (valid: { keyid: string; sig: string }) => unknown;
  /** A last edit of the envelope object before it is written. */
  editEnvelope?: (envelope: Record<string, unknown>) => void;
}

/** Signs `statement` with a fresh key of `kind` and writes the envelope and the PEM public key. */
export function writeVsa(kind: KeyKind, statement: Record<string, unknown>, keyId = 'test-key', options: EnvelopeOptions = {}): VsaFiles {
  const { privateKey, publicKey } = keyPair(kind);
  const payloadType = options.payloadType ?? 'application/vnd.in-toto+json';
  const payload = options.payload ?? Buffer.from(JSON.stringify(statement));
  const pae = preAuthEncoding(payloadType, payload);
  const sig =
    kind === 'ed25519' ? sign(null, pae, privateKey)
      : kind === 'rsa' ? sign('sha256', pae, privateKey)
        : sign('sha256', pae, { key: privateKey, dsaEncoding: kind === 'ecdsa-p256-raw' ? 'ieee-p1363' : 'der' });
  const dir = mkdtempSync(join(tmpdir(), 'slsa-verify-vsa-'));
  const files = { attestation: join(dir, 'vsa.jsonl'), publicKey: join(dir, 'key.pem') };
  const valid = { keyid: keyId, sig: sig.toString('base64') };
  const envelope: Record<string, unknown> = {
    payloadType,
    payload: (options.encodePayload ?? ((b: Buffer) => b.toString('base64')))(payload),
    signatures: options.signatures ? options.signatures(valid) : [valid],
  };
  options.editEnvelope?.(envelope);
  writeFileSync(files.attestation, `${JSON.stringify(envelope)}\n`);
  writeFileSync(files.publicKey, publicKey.export({ type: 'spki', format: 'pem' }));
  return files;
}
