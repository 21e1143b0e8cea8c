import { createHash } from 'node:crypto';
import { VerifyError, asVerifyError } from '../errors/index.js';
import type { DsseEnvelope } from '../input/evidence.js';
import type { TrustRoot } from '../sigstore/trusted-root.js';
import { verifyProvenanceBundle, type VerifiedEnvelope } from '../sigstore/verify-bundle.js';
import { bundleFromEntry, certificateDer } from './bundle-from-entry.js';
import { readEntryBody } from './entry-body.js';
import { proposedEntries } from './proposed-entries.js';
import { leafHashOf, type RekorEntry } from './rekor-api.js';
import type { RekorClient } from './rekor-client.js';

/** Which log entry a legacy envelope was verified against (printed and reported). */
export interface RekorLookupInfo {
  logIndex: string;
  uuid: string;
  url: string;
}

export interface LookupResult {
  envelope: VerifiedEnvelope & { rekorLookup: RekorLookupInfo };
  /** The bundle that verified: envelope, certificate and the log entry, for --save-bundle. */
  bundle: object;
}

export interface LegacyLine {
  line: number;
  /** The line as read (trimmed). */
  raw: string;
  envelope: DsseEnvelope;
}

/** Bounds the work a log can make us do for one envelope. */
const MAX_CANDIDATES = 32;

/**
 * Finds the log entry of a bare DSSE envelope and verifies it. With a
 * certificate in the envelope, the entries Rekor would have logged for it are
 * looked up directly; without one, the index is searched by the artifacts'
 * SHA-256 and every entry found is tried. Each candidate becomes an in-memory
 * bundle v0.3 verified by the same code as a bundle read from disk (chain at
 * integrated time, SCT, signed entry timestamp, inclusion proof and
 * checkpoint, body bound to this envelope, DSSE signature): the log is asked,
 * never believed.
 */
export async function lookupEnvelope(
  item: LegacyLine,
  client: RekorClient,
  trust: TrustRoot,
  artifactSha256: () => Promise<string[]>,
): Promise<LookupResult> {
  if (item.envelope.signatures.length !== 1) {
    throw new VerifyError('ErrorInvalidSignature', `expected exactly one DSSE signature, found ${item.envelope.signatures.length}`);
  }
  const cert = item.envelope.signatures[0]?.cert;
  const certificatePem = cert !== undefined && cert.trim() !== '' ? cert : undefined;
  const batches = certificatePem ? entriesForCertificate(item, certificatePem, client) : entriesForArtifacts(artifactSha256, client);

  // The log is asked only until an entry verifies.
  const failures: VerifyError[] = [];
  for await (const candidate of batches) {
    try {
      return verifyCandidate(item, candidate, certificatePem, client, trust);
    } catch (err) {
      failures.push(asVerifyError(err).withContext(`entry ${candidate.uuid}`));
    }
  }
  const [only] = failures;
  if (!only) throw new VerifyError('ErrorRekorSearch', `no entry in ${client.baseUrl} matches line ${item.line}`);
  if (failures.length === 1) throw only;
  throw new VerifyError(
    'ErrorNoValidRekorEntries',
    `none of ${failures.length} entries verified: ${failures.map((f) => `${f.code} (${f.message})`).join('; ')}`,
  );
}

function verifyCandidate(
  item: LegacyLine,
  candidate: RekorEntry,
  envelopeCertificate: string | undefined,
  client: RekorClient,
  trust: TrustRoot,
): LookupResult {
  // The UUID is shown to the user as the entry's address: it must be this body's leaf.
  if (leafHashOf(candidate.uuid) !== leafHash(candidate.entry.body)) {
    throw new VerifyError('ErrorInvalidRekorEntry', 'the entry UUID is not the hash of its body');
  }
  const logged = readEntryBody(candidate.entry.body).certificatePem;
  // The log must name the certificate the envelope carries; without one in the
  // envelope, the logged certificate is the only candidate signer.
  if (envelopeCertificate && logged && !certificateDer(logged).equals(certificateDer(envelopeCertificate))) {
    throw new VerifyError('ErrorNoValidRekorEntries', 'the entry was logged for another certificate');
  }
  const certificatePem = envelopeCertificate ?? logged;
  if (!certificatePem) throw new VerifyError('ErrorInvalidRekorEntry', 'the entry names no signing certificate');
  const bundle = bundleFromEntry(item.envelope, certificatePem, candidate.entry);
  let verified: VerifiedEnvelope;
  try {
    verified = verifyProvenanceBundle(bundle, trust);
  } catch (err) {
    // Found by the artifact's hash, an entry whose certificate did not sign this envelope is someone else's entry.
    if (!envelopeCertificate && err instanceof VerifyError && err.code === 'ErrorInvalidSignature') {
      throw new VerifyError('ErrorNoValidRekorEntries', `the logged certificate did not sign this envelope (${err.message})`);
    }
    throw err;
  }
  const rekorLookup = { logIndex: String(candidate.entry.logIndex), uuid: candidate.uuid, url: client.entryUrl(candidate.uuid) };
  return { envelope: { ...verified, rekorLookup }, bundle };
}

async function* entriesForCertificate(item: LegacyLine, certificatePem: string, client: RekorClient): AsyncGenerator<RekorEntry> {
  // Same answer twice is tried once; same body with other proofs is tried each time (one may be forged).
  const seen = new Set<string>();
  for (const proposed of proposedEntries({ raw: item.raw, envelope: item.envelope, certificatePem })) {
    for (const entry of await client.retrieveByProposedEntry(proposed)) {
      const key = JSON.stringify(entry);
      if (seen.has(key) || seen.size >= MAX_CANDIDATES) continue;
      seen.add(key);
      yield entry;
    }
  }
}

async function* entriesForArtifacts(artifactSha256: () => Promise<string[]>, client: RekorClient): AsyncGenerator<RekorEntry> {
  const uuids = new Map<string, string>();
  for (const digest of new Set(await artifactSha256())) {
    for (const uuid of await client.searchIndexBySha256(digest)) uuids.set(leafHashOf(uuid), uuid);
  }
  for (const uuid of [...uuids.values()].slice(0, MAX_CANDIDATES)) {
    const entry = await client.getEntry(uuid);
    if (entry) yield entry;
  }
}

/** RFC 6962 leaf hash of the logged body. */
function leafHash(bodyBase64: string): string {
  return createHash('sha256').update(Buffer.from([0])).update(Buffer.from(bodyBase64, 'base64')).digest('hex');
}
