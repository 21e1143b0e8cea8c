import { createHash } from 'node:crypto';
import type { Bundle, TransparencyLogEntry } from '@sigstore/bundle';
import type { SignedEntity, Verifier } from '@sigstore/verify';
// Not re-exported by the package index: the library's own SET, checkpoint and
// Merkle-proof verification, reused rather than re-implemented.
import { verifyTLogInclusion } from '@sigstore/verify/dist/tlog/index.js';
import * as z from 'zod';
import { VerifyError } from '../errors/index.js';
import type { TrustRoot } from './trusted-root.js';
import { parseUntrustedJson } from '../files/untrusted-json.js';

/**
 * Rekor `intoto` v0.0.1 entries, which slsa-github-generator wrote before
 * v2.1 and which sigstore-js does not bind to an envelope (it knows v0.0.2
 * only). The body of such an entry records the signer's certificate and the
 * payload hash, not the signature, so the binding is: the logged certificate
 * is this bundle's certificate (checked with every entry's, checkLoggedSigner)
 * and the logged payload hash is this payload's.
 * Inclusion (signed entry timestamp, checkpoint, Merkle proof) is verified by
 * the library; then the library verifies chain at the integrated time, SCT
 * and DSSE signature with the entry used as the timestamp only.
 */

const hashSchema = z.object({ algorithm: z.literal('sha256'), value: z.string().regex(/^[0-9a-f]{64}$/) });
const bodySchema = z.object({
  kind: z.literal('intoto'),
  apiVersion: z.literal('0.0.1'),
  spec: z.object({
    content: z.object({ hash: hashSchema.optional(), payloadHash: hashSchema }).loose(),
    publicKey: z.string().min(1),
  }).loose(),
});

export function isIntotoV001(entries: readonly TransparencyLogEntry[]): boolean {
  return entries.some((e) => e.kindVersion?.kind === 'intoto' && e.kindVersion.version === '0.0.1');
}

export function verifyIntotoV001Bundle(bundle: Bundle, entity: SignedEntity, trust: TrustRoot, verifier: Verifier): void {
  const entries = bundle.verificationMaterial.tlogEntries;
  const [entry] = entries;
  if (entries.length !== 1 || !entry) {
    throw new VerifyError('ErrorInvalidRekorEntry', 'an intoto v0.0.1 log entry must be the bundle\'s only entry');
  }
  if (bundle.content.$case !== 'dsseEnvelope') throw new VerifyError('ErrorInvalidFormat', 'bundle does not hold a DSSE envelope');

  verifyTLogInclusion(entry, trust.material.tlogs);

  const body = bodySchema.safeParse(parseJson(entry.canonicalizedBody));
  if (!body.success) throw new VerifyError('ErrorInvalidRekorEntry', 'malformed intoto v0.0.1 entry body');
  const payloadHash = createHash('sha256').update(bundle.content.dsseEnvelope.payload).digest('hex');
  if (body.data.spec.content.payloadHash.value !== payloadHash) {
    throw new VerifyError('ErrorNoValidRekorEntries', 'the log entry records another payload');
  }
  // The logged certificate was compared with the bundle's by checkLoggedSigner (verify-bundle.ts).

  // The entry stays among the timestamps (its verified integrated time), not among the entries to bind.
  verifier.verify({ ...entity, tlogEntries: [] });
}

function parseJson(bytes: Buffer): unknown {
  try {
    return parseUntrustedJson(bytes.toString('utf8'));
  } catch {
    return undefined;
  }
}
