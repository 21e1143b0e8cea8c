import { parse } from 'smol-toml';
import * as z from 'zod';
import { asVerifyError, VerifyError } from '../errors/index.js';
import { canonicalProject, parseDistFilename, type DistName } from '../pypi/dist-filename.js';
import type { LockedPackage } from './locked-package.js';
import { PUBLIC_PYPI_INDEX } from '../pypi/index-url.js';
import { fetchableUrl } from '../net/origin.js';

export const sha256Hex = z.string().regex(/^[0-9a-fA-F]{64}$/).transform((h) => h.toLowerCase());

/** `sha256:HEX` as poetry, uv and Pipfile.lock write a pin; any other algorithm is refused (sha256 is what the index and provenance name). */
export function pinnedSha256(hash: string, origin: string): string {
  const match = /^sha256:([0-9a-fA-F]{64})$/.exec(hash);
  if (!match) throw new VerifyError('ErrorUsage', `${origin}: ${JSON.stringify(hash.slice(0, 80))} is not a sha256:HEX pin`);
  return match[1]!.toLowerCase();
}

/**
 * A TOML lockfile, parsed. smol-toml refuses duplicate keys and tables (two
 * readers cannot see two trees) and bounds nesting; a `__proto__` key, which
 * it keeps but no schema output can carry (it would be dropped unseen), is
 * refused as the strict JSON reader refuses it.
 */
export function parseTomlLockfile(text: string, source: string): unknown {
  let toml: unknown;
  try {
    toml = parse(text);
  } catch (err) {
    throw new VerifyError('ErrorUsage', `${source}: not TOML: ${(err as Error).message.split('\n')[0] ?? ''}`);
  }
  const pending: unknown[] = [toml];
  while (pending.length > 0) {
    const value = pending.pop();
    if (typeof value !== 'object' || value === null) continue;
    if (!Array.isArray(value) && Object.hasOwn(value, '__proto__')) throw new VerifyError('ErrorUsage', `${source}: the key "__proto__" cannot be represented`);
    for (const child of Object.values(value)) pending.push(child);
  }
  return toml;
}

/** A project name as PEP 508 allows it (what pip would accept): anything else names no package on an index. */
export const projectName = z.string().regex(/^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,198}[A-Za-z0-9])?$/, 'not a Python project name');

/** A schema failure as one usage line naming where. */
export function shapeError(source: string, kind: string, error: z.ZodError): VerifyError {
  const issue = error.issues[0];
  return new VerifyError('ErrorUsage', `${source}: not a ${kind} (${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'bad shape'})`);
}

/**
 * The per-file pins of one locked release: each file must be a bare
 * distribution filename of that project and version (PEP 503 names), and a
 * file listed twice must be pinned to one sha256.
 */
export function fileDigestsOf(files: readonly { name: string; sha256: string }[], project: string, version: string, origin: string): Map<string, string> {
  const fileDigests = new Map<string, string>();
  for (const file of files) {
    const name = file.name;
    if (name === '' || name === '.' || name === '..' || /[/\\]/.test(name)) throw new VerifyError('ErrorUsage', `${origin}: a file without a usable name`);
    checkFileOf(name, project, version, origin);
    const prior = fileDigests.get(name);
    if (prior !== undefined && prior !== file.sha256) throw new VerifyError('ErrorUsage', `${origin}: ${name} is listed twice with different sha256`);
    fileDigests.set(name, file.sha256);
  }
  return fileDigests;
}

/** A locked release with named files. */
export function namedRelease(name: string, version: string, origin: string, fileDigests: Map<string, string>, index: string | undefined): LockedPackage {
  if (fileDigests.size === 0) throw new VerifyError('ErrorUsage', `${origin}: no sdist or wheel`);
  return {
    ecosystem: 'pypi',
    name,
    version,
    origin,
    files: [...fileDigests.keys()],
    digests: { sha256: [...new Set(fileDigests.values())] },
    fileDigests,
    ...(index !== undefined ? { index } : {}),
  };
}

/**
 * A package with no distribution on an index (git, a path, an editable
 * checkout, a plain URL): nothing can attest it, so the policy's
 * missingProvenance decides (require by default: it fails).
 */
export function unverifiableRelease(name: string, version: string | undefined, origin: string, why: string): LockedPackage {
  return { ecosystem: 'pypi', name, version: version ?? '(unversioned)', origin, files: [], digests: {}, unverifiable: why };
}

/**
 * The Simple API a lockfile says a package came from, as a base ending in
 * "/", or undefined for the public index (asked of --index-url). Credentials
 * in a lockfile are refused: a token is only ever the user's, given with
 * --index-url, and sent to that index alone.
 */
export function lockedIndex(url: string, origin: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new VerifyError('ErrorUsage', `${origin}: index ${JSON.stringify(url.slice(0, 120))} is not a URL`);
  }
  if (parsed.username !== '' || parsed.password !== '') throw new VerifyError('ErrorUsage', `${origin}: the lockfile's index URL carries credentials (give them with --index-url)`);
  // Refused before anything is fetched: https, or plain http on loopback only (as every evidence URL).
  const href = fetchableUrl(parsed.href, `${origin}: index`).href;
  const base = href.endsWith('/') ? href : `${href}/`;
  // The public index a lockfile names is the one --index-url replaces (as pip's --index-url does).
  return base === PUBLIC_PYPI_INDEX ? undefined : base;
}

/** A listed file must be a distribution of the package it is listed under (else the lock names one project and installs another). */
function checkFileOf(file: string, project: string, version: string, origin: string): void {
  let dist: DistName;
  try {
    dist = parseDistFilename(file);
  } catch (err) {
    throw new VerifyError('ErrorUsage', `${origin}: ${asVerifyError(err).message}`);
  }
  if (dist.project !== canonicalProject(project) || dist.version !== version.toLowerCase()) {
    throw new VerifyError('ErrorUsage', `${origin}: ${file} is not a distribution of ${project} ${version}`);
  }
}

/** The file name a URL or path ends in (query and fragment dropped, percent-decoded). */
export function lastSegment(location: string, origin: string): string {
  const path = location.replace(/[?#].*$/, '');
  try {
    return decodeURIComponent(path.slice(path.lastIndexOf('/') + 1));
  } catch {
    throw new VerifyError('ErrorUsage', `${origin}: a file URL that does not decode`);
  }
}
