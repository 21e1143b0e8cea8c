import { createPublicKey, X509Certificate as NodeX509 } from 'node:crypto';
import type { TransparencyLogEntry } from '@sigstore/bundle';
import * as z from 'zod';
import { VerifyError } from '../errors/index.js';
import { parseUntrustedJson } from '../files/untrusted-json.js';

/**
 * What a transparency-log entry carries twice, checked to agree before the
 * library verifies the entry (which reads only one of each pair).
 *
 * - The inclusion proof's `rootHash` and `treeSize` repeat the signed
 *   checkpoint's; sigstore-js proves inclusion against the checkpoint and
 *   ignores the proof's copies, Go's Rekor verifier requires them equal.
 * - The entry's `logIndex` (global, covered by the signed entry timestamp)
 *   and the proof's `logIndex` (in the shard's tree, covered by the Merkle
 *   path) differ by the shard's offset on a sharded Rekor v1 log, so only
 *   global >= shard-local holds; a Rekor v2 log is not sharded and they are
 *   one number.
 * - `kindVersion` repeats the body's `kind` and `apiVersion`.
 * - The body names the key or certificate that signed; the caller compares
 *   it with the bundle's (`loggedVerifiers`).
 */
export function checkEntryCopies(entry: TransparencyLogEntry): void {
  const body = entryBody(entry);
  const { kind, version } = entry.kindVersion;
  if (body.kind !== kind || body.apiVersion !== version) {
    throw new VerifyError('ErrorInvalidRekorEntry', `the entry says ${kind} ${version} but its body is ${body.kind} ${body.apiVersion}`);
  }
  const proof = entry.inclusionProof;
  if (!proof) return;
  if (!proof.checkpoint) throw new VerifyError('ErrorInvalidRekorEntry', 'the inclusion proof has no checkpoint');
  const checkpoint = checkpointHead(proof.checkpoint.envelope);
  if (BigInt(proof.treeSize) !== checkpoint.size) {
    throw new VerifyError('ErrorInvalidRekorEntry', `the inclusion proof's tree size ${proof.treeSize} is not its checkpoint's (${checkpoint.size})`);
  }
  if (!Buffer.from(proof.rootHash).equals(checkpoint.rootHash)) {
    throw new VerifyError('ErrorInvalidRekorEntry', "the inclusion proof's root hash is not its checkpoint's");
  }
  const global = BigInt(entry.logIndex);
  const inTree = BigInt(proof.logIndex);
  if (isRekorV2(kind, version) ? global !== inTree : global < inTree) {
    throw new VerifyError('ErrorInvalidRekorEntry', `the entry's log index ${entry.logIndex} does not fit its inclusion proof's (${proof.logIndex})`);
  }
}

/** Rekor v2 (tiles) entry kinds: one unsharded log per key, no signed entry timestamp. */
function isRekorV2(kind: string, version: string): boolean {
  return (kind === 'dsse' || kind === 'hashedrekord') && version === '0.0.2';
}

/**
 * The signed note's first three lines: origin, tree size, root hash
 * (https://github.com/transparency-dev/formats/blob/main/log/README.md). Its
 * signature is verified by the library.
 */
function checkpointHead(envelope: string): { size: bigint; rootHash: Buffer } {
  const end = envelope.indexOf('\n\n');
  const lines = (end < 0 ? '' : envelope.slice(0, end)).split('\n');
  const [origin, size, rootHash] = lines;
  if (!origin || !size || !/^(0|[1-9][0-9]*)$/.test(size) || !rootHash || !/^[A-Za-z0-9+/]+={0,2}$/.test(rootHash)) {
    throw new VerifyError('ErrorInvalidRekorEntry', 'the inclusion proof checkpoint is not a signed tree head');
  }
  return { size: BigInt(size), rootHash: Buffer.from(rootHash, 'base64') };
}

const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'not base64');
const hexHash = z.object({ algorithm: z.string().min(1), value: z.string().regex(/^[0-9a-f]+$/) }).loose();
const header = z.object({ kind: z.string().min(1), apiVersion: z.string().min(1), spec: z.object({}).loose() }).loose();

// Rekor v1 bodies the library reads field by field; their verifiers are base64 PEM.
const dsseV001 = z.object({
  spec: z.object({
    payloadHash: hexHash.nullish(),
    envelopeHash: hexHash.nullish(),
    signatures: z.array(z.object({ signature: base64, verifier: base64 }).loose()).min(1),
  }).loose(),
}).loose();
const intotoV002 = z.object({
  spec: z.object({
    content: z.object({
      hash: hexHash.nullish(),
      payloadHash: hexHash.nullish(),
      envelope: z.object({
        payloadType: z.string().nullish(),
        signatures: z.array(z.object({ sig: base64, publicKey: base64 }).loose()).min(1),
      }).loose(),
    }).loose(),
  }).loose(),
}).loose();
const intotoV001 = z.object({ spec: z.object({ content: z.object({}).loose(), publicKey: base64 }).loose() }).loose();
const hashedrekordV001 = z.object({
  spec: z.object({
    data: z.object({ hash: hexHash }).loose(),
    signature: z.object({ content: base64, publicKey: z.object({ content: base64 }).loose() }).loose(),
  }).loose(),
}).loose();

/**
 * The logged verifiers (base64 PEM) of the Rekor v1 kinds; undefined for
 * kinds not read here. Throws ErrorInvalidRekorEntry on a malformed body.
 */
export function verifiersOf(kind: string, apiVersion: string, json: unknown): string[] | undefined {
  const parse = <T>(schema: z.ZodType<T>): T => {
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new VerifyError('ErrorInvalidRekorEntry', `malformed ${kind} ${apiVersion} log entry body`);
    return parsed.data;
  };
  switch (`${kind} ${apiVersion}`) {
    case 'dsse 0.0.1':
      return parse(dsseV001).spec.signatures.map((s) => s.verifier);
    case 'intoto 0.0.2':
      return parse(intotoV002).spec.content.envelope.signatures.map((s) => s.publicKey);
    case 'intoto 0.0.1':
      return [parse(intotoV001).spec.publicKey];
    case 'hashedrekord 0.0.1':
      return [parse(hashedrekordV001).spec.signature.publicKey.content];
    default:
      return undefined;
  }
}

/** Rekor v2 (protobuf JSON): each verifier is DER, as a public key or an X.509 certificate. */
const rawBytes = z.object({ rawBytes: z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/) }).loose();
const verifierV002 = z.object({ publicKey: rawBytes.optional(), x509Certificate: rawBytes.optional() }).loose();
const signatureV002 = z.object({ verifier: verifierV002 }).loose();
const dsseV002 = z.object({ spec: z.object({ dsseV002: z.object({ signatures: z.array(signatureV002) }).loose() }).loose() }).loose();
const hashedrekordV002 = z.object({ spec: z.object({ hashedRekordV002: z.object({ signature: signatureV002 }).loose() }).loose() }).loose();

/** The logged verifiers of the Rekor v2 kinds, as DER; undefined for other kinds. Throws ErrorInvalidRekorEntry on a malformed body. */
function verifiersV002(kind: string, apiVersion: string, json: unknown): { certificates: Buffer[]; keys: Buffer[] } | undefined {
  let signatures: z.infer<typeof signatureV002>[];
  const malformed = (): VerifyError => new VerifyError('ErrorInvalidRekorEntry', `malformed ${kind} ${apiVersion} log entry body`);
  if (`${kind} ${apiVersion}` === 'dsse 0.0.2') {
    const parsed = dsseV002.safeParse(json);
    if (!parsed.success) throw malformed();
    signatures = parsed.data.spec.dsseV002.signatures;
  } else if (`${kind} ${apiVersion}` === 'hashedrekord 0.0.2') {
    const parsed = hashedrekordV002.safeParse(json);
    if (!parsed.success) throw malformed();
    signatures = [parsed.data.spec.hashedRekordV002.signature];
  } else {
    return undefined;
  }
  const out = { certificates: [] as Buffer[], keys: [] as Buffer[] };
  for (const { verifier } of signatures) {
    // Exactly one of the two: a verifier naming both, or neither, binds nothing.
    if ((verifier.publicKey === undefined) === (verifier.x509Certificate === undefined)) throw malformed();
    if (verifier.x509Certificate) out.certificates.push(Buffer.from(verifier.x509Certificate.rawBytes, 'base64'));
    else {
      try {
        out.keys.push(createPublicKey({ key: Buffer.from(verifier.publicKey!.rawBytes, 'base64'), format: 'der', type: 'spki' }).export({ format: 'der', type: 'spki' }));
      } catch {
        throw malformed();
      }
    }
  }
  return out;
}

interface EntryBody {
  kind: string;
  apiVersion: string;
  /** Base64 PEM of each logged verifier, for the Rekor v1 kinds read here. */
  verifiers: string[] | undefined;
  json: unknown;
}

function entryBody(entry: TransparencyLogEntry): EntryBody {
  let json: unknown;
  try {
    json = parseUntrustedJson(new TextDecoder('utf-8', { fatal: true }).decode(entry.canonicalizedBody));
  } catch {
    throw new VerifyError('ErrorInvalidRekorEntry', 'the log entry body is not JSON');
  }
  const head = header.safeParse(json);
  if (!head.success) throw new VerifyError('ErrorInvalidRekorEntry', 'the log entry body has no kind, apiVersion and spec');
  const { kind, apiVersion } = head.data;
  return { kind, apiVersion, verifiers: verifiersOf(kind, apiVersion, json), json };
}

/**
 * The keys or certificates the entry's body says signed, each as DER (a
 * certificate, or a public key's SubjectPublicKeyInfo). sigstore-js compares
 * only the signature and the digest, for Rekor v2 bodies too: a body whose
 * signer cannot be read here cannot be bound to the bundle, and fails.
 */
export function loggedVerifiers(entry: TransparencyLogEntry): { certificates: Buffer[]; keys: Buffer[] } {
  const { kind, apiVersion, verifiers, json } = entryBody(entry);
  if (!verifiers) {
    const v2 = verifiersV002(kind, apiVersion, json);
    if (v2) return v2;
    throw new VerifyError('ErrorInvalidRekorEntry', `a ${kind.slice(0, 40)} ${apiVersion.slice(0, 20)} log entry: its signer cannot be read, so it cannot be bound to the bundle`);
  }
  const out = { certificates: [] as Buffer[], keys: [] as Buffer[] };
  for (const encoded of verifiers) {
    const pem = Buffer.from(encoded, 'base64').toString('utf8');
    try {
      if (pem.includes('-----BEGIN CERTIFICATE-----')) out.certificates.push(Buffer.from(new NodeX509(pem).raw));
      else out.keys.push(createPublicKey(pem).export({ format: 'der', type: 'spki' }));
    } catch {
      throw new VerifyError('ErrorInvalidRekorEntry', 'the log entry body names a signer that is neither a PEM certificate nor a PEM public key');
    }
  }
  return out;
}
