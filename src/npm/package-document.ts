import semver from 'semver';
import * as z from 'zod';
import { VerifyError } from '../errors/index.js';

/**
 * What verification needs from an npm package document (the registry's
 * "packument"): the locked version's dist (integrity, registry signatures,
 * attestations), and which earlier versions had attestations (for the
 * no-downgrade rule). Hostile JSON: validated here, judged by the stages.
 */
const signatureSchema = z.object({ keyid: z.string().min(1), sig: z.string().min(1) }).loose();
const distSchema = z
  .object({
    integrity: z.string().optional(),
    signatures: z.array(signatureSchema).optional(),
    attestations: z
      .object({ url: z.string().min(1), provenance: z.object({ predicateType: z.string() }).loose().optional() })
      .loose()
      .optional(),
  })
  .loose();
const versionSchema = z.object({ name: z.string(), version: z.string(), dist: distSchema }).loose();
const documentSchema = z
  .object({
    name: z.string(),
    versions: z.record(z.string(), z.unknown()),
    time: z.record(z.string(), z.string()).optional(),
  })
  .loose();

export interface NpmVersionEvidence {
  /** As the version entry states them (must agree with the lockfile). */
  name: string;
  version: string;
  integrity: string | undefined;
  signatures: { keyid: string; sig: string }[];
  attestationsUrl: string | undefined;
  /** The document's `time[version]`, when it has one. */
  publishedAt: string | undefined;
}

export interface NpmDocumentSummary {
  /** undefined: the document does not list the locked version. */
  locked: NpmVersionEvidence | undefined;
  /** Versions published before the locked one that came with attestations, newest first. */
  attestedEarlier: string[];
}

export function summarizePackageDocument(json: unknown, name: string, version: string, what: string): NpmDocumentSummary {
  const parsed = documentSchema.safeParse(json);
  if (!parsed.success) throw new VerifyError('ErrorInvalidFormat', `${what}: not an npm package document (${parsed.error.issues[0]?.path.join('.') ?? ''}: ${parsed.error.issues[0]?.message ?? 'bad shape'})`);
  const doc = parsed.data;
  if (doc.name !== name) throw new VerifyError('ErrorMismatchPackageName', `${what}: the registry answered the document of '${doc.name.slice(0, 100)}'`, { expected: name, actual: doc.name });
  const time = new Map(Object.entries(doc.time ?? {}));
  const versions = new Map(Object.entries(doc.versions));
  let locked: NpmVersionEvidence | undefined;
  const raw = versions.get(version);
  if (raw !== undefined) {
    const entry = versionSchema.safeParse(raw);
    if (!entry.success) throw new VerifyError('ErrorInvalidFormat', `${what}: versions["${version}"] is malformed (${entry.error.issues[0]?.path.join('.') ?? ''}: ${entry.error.issues[0]?.message ?? ''})`);
    const dist = entry.data.dist;
    locked = {
      name: entry.data.name,
      version: entry.data.version,
      integrity: dist.integrity,
      signatures: dist.signatures ?? [],
      attestationsUrl: dist.attestations?.url,
      publishedAt: time.get(version),
    };
  }
  const lockedAt = dateOf(time.get(version));
  const attestedEarlier: string[] = [];
  for (const [v, rawEntry] of versions) {
    if (v === version || !isEarlier(v, version, dateOf(time.get(v)), lockedAt)) continue;
    const entry = versionSchema.safeParse(rawEntry);
    if (entry.success && entry.data.dist.attestations !== undefined) attestedEarlier.push(v);
  }
  attestedEarlier.sort((a, b) => (semver.valid(a) && semver.valid(b) ? semver.rcompare(a, b) : a < b ? 1 : -1));
  return { locked, attestedEarlier };
}

function dateOf(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const t = Date.parse(value);
  return Number.isNaN(t) ? undefined : t;
}

/**
 * Published before the locked version: by the document's times when both are
 * known, else by semver order (a document without times still cannot hide an
 * attested lower version).
 */
function isEarlier(v: string, locked: string, vAt: number | undefined, lockedAt: number | undefined): boolean {
  if (vAt !== undefined && lockedAt !== undefined) return vAt < lockedAt;
  return semver.valid(v) !== null && semver.valid(locked) !== null && semver.lt(v, locked);
}
