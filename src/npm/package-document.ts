import semver from 'semver';
import * as z from 'zod';
import { VerifyError } from '../errors/index.js';
import { ownRecord } from '../input/own-record.js';

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
const versionSchema = z
  .object({
    name: z.string(),
    version: z.string(),
    dist: distSchema,
    // Set by the registry on a version published with an OIDC token (npm trusted publishing), as pnpm's trust policy reads it.
    _npmUser: z.object({ trustedPublisher: z.unknown().optional() }).loose().optional(),
  })
  .loose();
/** What an earlier version's evidence level needs, and no more: a version entry malformed elsewhere still counts against a downgrade. */
const levelSchema = z
  .object({
    dist: z.object({ attestations: z.unknown().optional() }).loose(),
    _npmUser: z.object({ trustedPublisher: z.unknown().optional() }).loose().optional(),
  })
  .loose();
const documentSchema = z
  .object({
    name: z.string(),
    versions: ownRecord(z.unknown()),
    time: ownRecord(z.string()).optional(),
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

/**
 * How a version was published, strongest first: by a trusted publisher
 * (npm trusted publishing: an OIDC token from the workflow, no long-lived
 * token), with provenance attestations, or with neither.
 */
export type NpmEvidenceLevel = 'trusted-publisher' | 'provenance' | 'none';

const RANK: Record<NpmEvidenceLevel, number> = { 'trusted-publisher': 2, provenance: 1, none: 0 };
const LEVEL_TEXT: Record<NpmEvidenceLevel, string> = {
  'trusted-publisher': 'by a trusted publisher',
  provenance: 'with provenance but not by a trusted publisher',
  none: 'without provenance',
};

export interface NpmDocumentSummary {
  /** undefined: the document does not list the locked version. */
  locked: NpmVersionEvidence | undefined;
  /** How the locked version was published, as the document says. */
  lockedLevel: NpmEvidenceLevel;
  /**
   * The versions published before the locked one with stronger evidence than
   * it (a downgrade), strongest and newest first; `byTime`: ordered by the
   * document's publish times, else by semver (the document has no times).
   */
  strongerEarlier: { version: string; level: NpmEvidenceLevel; byTime: boolean }[];
}

/**
 * The no-downgrade rule (pnpm's trustPolicy): a version published with
 * weaker evidence than an earlier version of the same package is refused,
 * the signal of a publish outside the trusted workflow (a stolen token).
 */
export function downgradeError(summary: NpmDocumentSummary, label: string): VerifyError | undefined {
  const top = summary.strongerEarlier[0];
  if (top === undefined) return undefined;
  const others = summary.strongerEarlier.filter((e) => e.level === top.level).map((e) => e.version);
  const list = `${others.slice(0, 3).join(', ')}${others.length > 3 ? ', ...' : ''}`;
  const order = top.byTime ? 'by the registry\'s publish times' : 'by semver order: the registry gives no publish times';
  return new VerifyError(
    'ErrorEvidenceDowngrade',
    `${label} was published ${LEVEL_TEXT[summary.lockedLevel]}, but the earlier ${others.length === 1 ? 'version' : 'versions'} ${list} ${others.length === 1 ? 'was' : 'were'} published ${LEVEL_TEXT[top.level]} (earlier ${order}); a publish outside the trusted workflow?`,
  );
}

/** The evidence level a version entry claims; a trustedPublisher that is neither absent nor an object is a malformed claim, not a level. */
function levelOf(entry: z.infer<typeof levelSchema>, what: string): NpmEvidenceLevel {
  const trusted = entry._npmUser?.trustedPublisher;
  if (trusted !== undefined && trusted !== null && trusted !== false) {
    if (typeof trusted !== 'object' || Array.isArray(trusted)) throw new VerifyError('ErrorInvalidFormat', `${what}: _npmUser.trustedPublisher is not an object`);
    return 'trusted-publisher';
  }
  return entry.dist.attestations !== undefined && entry.dist.attestations !== null ? 'provenance' : 'none';
}

export function summarizePackageDocument(json: unknown, name: string, version: string, what: string): NpmDocumentSummary {
  const parsed = documentSchema.safeParse(json);
  if (!parsed.success) throw new VerifyError('ErrorInvalidFormat', `${what}: not an npm package document (${parsed.error.issues[0]?.path.join('.') ?? ''}: ${parsed.error.issues[0]?.message ?? 'bad shape'})`);
  const doc = parsed.data;
  if (doc.name !== name) throw new VerifyError('ErrorMismatchPackageName', `${what}: the registry answered the document of '${doc.name.slice(0, 100)}'`, { expected: name, actual: doc.name });
  const time = new Map(Object.entries(doc.time ?? {}));
  const versions = new Map(Object.entries(doc.versions));
  let locked: NpmVersionEvidence | undefined;
  let lockedLevel: NpmEvidenceLevel = 'none';
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
    lockedLevel = levelOf(entry.data, `${what}: versions["${version}"]`);
  }
  const lockedAt = dateOf(time.get(version));
  const strongerEarlier: NpmDocumentSummary['strongerEarlier'] = [];
  for (const [v, rawEntry] of versions) {
    const vAt = dateOf(time.get(v));
    if (v === version || !isEarlier(v, version, vAt, lockedAt)) continue;
    const entry = levelSchema.safeParse(rawEntry);
    if (!entry.success) throw new VerifyError('ErrorInvalidFormat', `${what}: versions["${v.slice(0, 100)}"] is malformed (${entry.error.issues[0]?.path.join('.') ?? ''}: ${entry.error.issues[0]?.message ?? ''})`);
    const level = levelOf(entry.data, `${what}: versions["${v.slice(0, 100)}"]`);
    if (RANK[level] > RANK[lockedLevel]) strongerEarlier.push({ version: v, level, byTime: vAt !== undefined && lockedAt !== undefined });
  }
  const newestFirst = (a: string, b: string): number => (semver.valid(a) && semver.valid(b) ? semver.rcompare(a, b) : a < b ? 1 : -1);
  strongerEarlier.sort((a, b) => RANK[b.level] - RANK[a.level] || newestFirst(a.version, b.version));
  return { locked, lockedLevel, strongerEarlier };
}

/** When the registry says the version was published (its `time` entry), or now when it does not say: the time registry keys must be valid at. */
export function publishedAt(time: string | undefined): Date {
  const t = dateOf(time);
  return t === undefined ? new Date() : new Date(t);
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
