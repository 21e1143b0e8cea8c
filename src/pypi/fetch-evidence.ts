import * as z from 'zod';
import { VerifyError } from '../errors/index.js';
import type { Fetcher } from '../net/fetcher.js';
import { parseJsonBytes } from '../net/http-client.js';
import { canonicalProject, parseDistFilename } from './dist-filename.js';
import { ownRecord } from '../input/own-record.js';

/** One distribution the index lists with a pinned sha256, and its PEP 740 provenance object when it has one. */
export interface IndexFile {
  filename: string;
  sha256: string;
  provenance: unknown;
}

/** What the index answered for one pinned release: plain data (it crosses to verify workers). */
export interface PypiIndexEvidence {
  kind: 'pypi-index';
  index: string;
  files: IndexFile[];
  /** Pinned sha256 values the index lists no file for. */
  unlisted: string[];
  /** Files the lockfile names that the index lists with another sha256 (not the distribution the lock pins). */
  mismatched: string[];
  /** Other versions' files uploaded earlier than this release that had provenance (the no-downgrade rule). */
  attestedEarlier: string[];
}

export const SIMPLE_JSON = 'application/vnd.pypi.simple.v1+json';
const MAX_PROJECT_BYTES = 64 * 1024 * 1024;
const MAX_PROVENANCE_BYTES = 16 * 1024 * 1024;

const fileSchema = z
  .object({
    filename: z.string().min(1),
    hashes: ownRecord(z.string()),
    provenance: z.string().nullish(),
    'upload-time': z.string().nullish(),
  })
  .loose();
const projectSchema = z.object({ meta: z.object({ 'api-version': z.string().regex(/^1\.\d+$/) }).loose(), name: z.string(), files: z.array(fileSchema) }).loose();

/**
 * The project page of the Simple API in its JSON form (PEP 691) names each
 * file with its hashes and, per PEP 740, a `provenance` URL. For every file
 * with a pinned sha256 the provenance object is fetched from that URL when it
 * is on the index's origin, else from the Integrity API
 * (`/integrity/PROJECT/VERSION/FILENAME/provenance`). The distribution itself
 * is never downloaded.
 */
export async function fetchPypiEvidence(
  fetcher: Fetcher,
  index: string,
  project: string,
  version: string,
  pinned: { files: string[] | undefined; sha256: string[]; fileDigests: ReadonlyMap<string, string> | undefined },
): Promise<PypiIndexEvidence> {
  const canonical = canonicalProject(project);
  const what = `index page of ${project}`;
  const bytes = await fetcher.get(`${index}${encodeURIComponent(canonical)}/`, { accept: SIMPLE_JSON, maxBytes: MAX_PROJECT_BYTES, what });
  if (bytes === undefined) throw new VerifyError('ErrorNotPresent', `${project}: ${index} has no such project`);
  const parsed = projectSchema.safeParse(parseJsonBytes(bytes, what));
  if (!parsed.success) throw new VerifyError('ErrorInvalidFormat', `${what}: not a PEP 691 project page (${parsed.error.issues[0]?.path.join('.') ?? ''}: ${parsed.error.issues[0]?.message ?? ''})`);
  if (canonicalProject(parsed.data.name) !== canonical) {
    throw new VerifyError('ErrorInvalidFormat', `${what}: the index answered the page of '${parsed.data.name.slice(0, 100)}'`);
  }
  const origin = new URL(index).origin;
  const files: IndexFile[] = [];
  const listed = new Set<string>();
  const mismatched: string[] = [];
  // Two entries for one file are two copies of one claim: they must agree on every hash.
  const hashesOf = new Map<string, string>();
  for (const file of parsed.data.files) {
    const hashes = JSON.stringify(Object.entries(file.hashes).map(([k, v]) => [k.toLowerCase(), v.toLowerCase()]).sort());
    const prior = hashesOf.get(file.filename);
    if (prior !== undefined && prior !== hashes) throw new VerifyError('ErrorInvalidFormat', `${what}: ${file.filename.slice(0, 200)} is listed twice with different hashes`);
    hashesOf.set(file.filename, hashes);
  }
  const seen = new Set<string>();
  let releaseUploaded: number | undefined;
  const earlier: { at: number; version: string }[] = [];
  for (const file of parsed.data.files) {
    const sha256 = file.hashes['sha256']?.toLowerCase();
    let dist;
    try {
      dist = parseDistFilename(file.filename);
    } catch {
      continue; // not a distribution this tool can name
    }
    const uploaded = file['upload-time'] ? Date.parse(file['upload-time']) : Number.NaN;
    if (dist.project !== canonical) continue;
    if (dist.version !== version.toLowerCase()) {
      if (file.provenance) earlier.push({ at: uploaded, version: dist.version });
      continue;
    }
    if (!Number.isNaN(uploaded)) releaseUploaded = Math.min(releaseUploaded ?? uploaded, uploaded);
    if (seen.has(file.filename)) continue;
    seen.add(file.filename);
    const named = pinned.files ? pinned.fileDigests?.get(file.filename) : undefined;
    if (named !== undefined && named !== sha256) mismatched.push(file.filename);
    if (sha256 === undefined) continue;
    const allowed = pinned.files ? named : pinned.sha256.includes(sha256) ? sha256 : undefined;
    if (allowed === undefined || allowed !== sha256) continue;
    listed.add(sha256);
    let provenance: unknown;
    if (file.provenance) {
      let url = `${origin}/integrity/${encodeURIComponent(canonical)}/${encodeURIComponent(version)}/${encodeURIComponent(file.filename)}/provenance`;
      try {
        if (new URL(file.provenance, index).origin === origin) url = new URL(file.provenance, index).toString();
      } catch {
        // Not a URL: the Integrity API is asked instead.
      }
      const provWhat = `provenance of ${file.filename}`;
      const answer = await fetcher.get(url, { accept: 'application/json', maxBytes: MAX_PROVENANCE_BYTES, what: provWhat });
      if (answer === undefined) throw new VerifyError('ErrorNotPresent', `${file.filename}: the index lists provenance, but ${origin} serves none`);
      provenance = parseJsonBytes(answer, provWhat);
    }
    files.push({ filename: file.filename, sha256, provenance });
  }
  const wanted = pinned.files ? [...new Set(pinned.fileDigests?.values() ?? [])] : pinned.sha256;
  // Without upload times (PEP 700) an attested version cannot be shown to be later: it counts as earlier, so a release without provenance fails closed.
  const attestedEarlier = [...new Set(earlier.filter((e) => releaseUploaded === undefined || Number.isNaN(e.at) || e.at < releaseUploaded).map((e) => e.version))];
  return { kind: 'pypi-index', index, files, unlisted: wanted.filter((h) => !listed.has(h)), mismatched, attestedEarlier };
}
