import * as z from 'zod';
import { VerifyError } from '../errors/index.js';
import { readBoundedText } from '../files/read-bounded.js';
import { parseUntrustedJson } from '../files/untrusted-json.js';
import { FILE_CAPS } from '../files/caps.js';
import { ownRecord } from '../input/own-record.js';

/**
 * A PEP 740 provenance object, as PyPI's integrity API serves it
 * (pypi-attestations' `Provenance`): attestation bundles, each with the
 * Trusted Publisher PyPI recorded and the attestations it signed.
 */

/** Standard base64 (padding optional, as Python's decoder accepts). */
const base64 = z
  .string()
  .regex(/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}(?:==)?|[A-Za-z0-9+/]{3}=?)?$/, 'not base64')
  .transform((v) => Buffer.from(v, 'base64'));

const nonEmpty = z.string().min(1);

const AttestationSchema = z.object({
  version: z.literal(1),
  verification_material: z.object({
    certificate: base64,
    // Rekor TransparencyLogEntry JSON; its shape is checked by the bundle parser.
    transparency_entries: z.array(ownRecord(z.unknown())).min(1),
  }),
  envelope: z.object({ statement: base64, signature: base64 }),
});

const PublisherSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('GitHub'), repository: nonEmpty, workflow: nonEmpty, environment: z.string().nullish() }),
  z.object({ kind: z.literal('GitLab'), repository: nonEmpty, workflow_filepath: nonEmpty, environment: z.string().nullish() }),
  z.object({ kind: z.literal('Google'), email: nonEmpty }),
]);

const ProvenanceSchema = z.object({
  version: z.literal(1),
  attestation_bundles: z
    .array(z.object({ publisher: PublisherSchema, attestations: z.array(AttestationSchema).min(1) }))
    .min(1),
});

export type PypiAttestation = z.infer<typeof AttestationSchema>;
export type PypiPublisher = z.infer<typeof PublisherSchema>;
export type PypiProvenance = z.infer<typeof ProvenanceSchema>;
/**
 * What a distribution is judged against: a provenance object, or one bare
 * attestation read as a provenance with a single bundle whose publisher is
 * `null` (nothing says which publisher PyPI recorded, so only the
 * certificate's is checked).
 */
export interface PypiEvidence {
  attestation_bundles: { publisher: PypiPublisher | null; attestations: PypiAttestation[] }[];
}

/**
 * A file the user named may hold PyPI's provenance object or a bare
 * attestation (`FILE.publish.attestation`, `FILE.slsa.attestation`), told
 * apart by the bare form's own top-level key; an object with the keys of
 * both forms is neither.
 */
export function parsePypiEvidence(json: unknown): PypiEvidence {
  const bare = typeof json === 'object' && json !== null && !Array.isArray(json) && Object.hasOwn(json, 'envelope') && !Object.hasOwn(json, 'attestation_bundles');
  if (!bare) return parsePypiProvenance(json);
  const attestation = AttestationSchema.safeParse(json);
  if (!attestation.success) {
    const issue = attestation.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
    throw new VerifyError('ErrorInvalidFormat', `not a PEP 740 attestation${where}: ${issue?.message ?? 'invalid'}`);
  }
  return { attestation_bundles: [{ publisher: null, attestations: [attestation.data] }] };
}

export function parsePypiProvenance(json: unknown): PypiProvenance {
  const parsed = ProvenanceSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
    throw new VerifyError('ErrorInvalidFormat', `not a PEP 740 provenance object${where}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

/** Reads a provenance file; `missing` is the code for a file that cannot be read. */
export async function readPypiProvenance(path: string, missing: 'ErrorUnreadableFile' | 'ErrorNotPresent'): Promise<PypiProvenance> {
  return parsePypiProvenance(await readJson(path, missing));
}

/** Reads a file the user named: a provenance object or a bare attestation. */
export async function readPypiEvidence(path: string, missing: 'ErrorUnreadableFile' | 'ErrorNotPresent'): Promise<PypiEvidence> {
  return parsePypiEvidence(await readJson(path, missing));
}

async function readJson(path: string, missing: 'ErrorUnreadableFile' | 'ErrorNotPresent'): Promise<unknown> {
  const text = await readBoundedText(path, { what: 'provenance', maxBytes: FILE_CAPS.pypiProvenance, unreadableCode: missing, tooLargeCode: 'ErrorInvalidFormat' });
  let json: unknown;
  try {
    json = parseUntrustedJson(text);
  } catch {
    throw new VerifyError('ErrorInvalidFormat', `provenance ${path}: not valid JSON`);
  }
  return json;
}
