import * as z from 'zod';
import { VerifyError } from '../errors/index.js';
import { readBoundedFile } from '../files/read-bounded.js';
import { parseUntrustedJson } from '../files/untrusted-json.js';
import { FILE_CAPS } from '../files/caps.js';

/** The two attestations the npm registry serves for a package version. */
export interface NpmAttestations {
  provenance: { predicateType: string; bundle: unknown };
  publish: { predicateType: string; bundle: unknown };
}

export const PROVENANCE_PREDICATES: ReadonlySet<string> = new Set([
  'https://slsa.dev/provenance/v0.2',
  'https://slsa.dev/provenance/v1',
]);
/** Any version of npm's publish attestation (v0.1 today). */
export const PUBLISH_PREDICATE_PREFIX = 'https://github.com/npm/attestation/tree/main/specs/publish/';

const attestationSetSchema = z
  .object({
    attestations: z
      .array(z.object({ predicateType: z.string().nullish().transform((v) => v ?? ''), bundle: z.unknown() }).loose())
      .nullish()
      .transform((v) => v ?? []),
  })
  .loose();

/** Documents are kilobytes; a cap keeps a hostile file from exhausting memory. */
const MAX_ATTESTATIONS_BYTES = FILE_CAPS.npmAttestations;

export async function readNpmAttestations(path: string): Promise<NpmAttestations> {
  const bytes = await readBoundedFile(path, { what: 'attestations', maxBytes: MAX_ATTESTATIONS_BYTES, tooLargeCode: 'ErrorInvalidFormat' });
  let json: unknown;
  try {
    json = parseUntrustedJson(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw new VerifyError('ErrorInvalidFormat', 'invalid npm attestations: not JSON');
  }
  return extractAttestations(json);
}

/**
 * One SLSA provenance and one publish attestation, as slsa-verifier's
 * extractAttestations; where it would keep the last of several of a kind we
 * refuse the document, since which one counts would be a guess.
 */
export function extractAttestations(json: unknown): NpmAttestations {
  const parsed = attestationSetSchema.safeParse(json);
  if (!parsed.success) throw new VerifyError('ErrorInvalidFormat', `invalid npm attestations: ${parsed.error.issues[0]?.message ?? 'bad shape'}`);
  const list = parsed.data.attestations;
  if (list.length < 2) throw new VerifyError('ErrorInvalidFormat', `invalid npm attestations: invalid number of attestations: ${list.length}`);
  const provenance = list.filter((a) => PROVENANCE_PREDICATES.has(a.predicateType));
  const publish = list.filter((a) => a.predicateType.startsWith(PUBLISH_PREDICATE_PREFIX));
  if (provenance.length === 0 || publish.length === 0) {
    throw new VerifyError('ErrorInvalidFormat', 'invalid npm attestations: invalid attestation types');
  }
  if (provenance.length > 1 || publish.length > 1) {
    throw new VerifyError('ErrorInvalidFormat', 'invalid npm attestations: more than one attestation of a kind');
  }
  return { provenance: provenance[0]!, publish: publish[0]! };
}
