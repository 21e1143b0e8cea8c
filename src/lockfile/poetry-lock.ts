import * as z from 'zod';
import { VerifyError } from '../errors/index.js';
import { canonicalProject, parseDistFilename } from '../pypi/dist-filename.js';
import { dedupeLocked } from './dedupe.js';
import type { LockedPackage } from './locked-package.js';
import { fileDigestsOf, lockedIndex, namedRelease, parseTomlLockfile, pinnedSha256, shapeError, unverifiableRelease, projectName } from './pypi-files.js';
import { ownRecord } from '../input/own-record.js';

const fileSchema = z.object({ file: z.string().min(1), hash: z.string() }).loose();
const sourceSchema = z.object({ type: z.string().min(1), url: z.string().optional(), reference: z.string().optional() }).loose();
const packageSchema = z
  .object({ name: projectName, version: z.string().min(1), files: z.array(fileSchema).optional(), source: sourceSchema.optional() })
  .loose();
const poetrySchema = z
  .object({
    package: z.array(packageSchema).default([]),
    metadata: z.object({ 'lock-version': z.string().regex(/^[12]\.\d+$/), files: ownRecord(z.array(fileSchema)).optional() }).loose(),
  })
  .loose();

/** Sources that are a Simple API (poetry writes `legacy` for every configured repository). */
const INDEX_SOURCES = new Set(['legacy', 'pypi']);

/**
 * poetry.lock: `[[package]]` with `files = [{ file, hash }]` (poetry 1.2 and
 * later) or, in older locks, `[metadata.files]` keyed by package name with
 * every locked version's files. When both are present they must agree. A
 * `[package.source]` of type legacy is the index the package is fetched from;
 * git, directory, file and url sources have no index evidence.
 */
export function parsePoetryLock(text: string, source: string): LockedPackage[] {
  const parsed = poetrySchema.safeParse(parseTomlLockfile(text, source));
  if (!parsed.success) throw shapeError(source, 'poetry.lock', parsed.error);
  const { package: packages, metadata } = parsed.data;
  const legacyFiles = new Map<string, z.infer<typeof fileSchema>[]>();
  for (const [name, files] of Object.entries(metadata.files ?? {})) {
    const key = canonicalProject(name);
    if (legacyFiles.has(key)) throw new VerifyError('ErrorUsage', `${source}: [metadata.files] lists ${name} twice`);
    legacyFiles.set(key, files);
  }
  const versionsOf = new Map<string, Set<string>>();
  for (const p of packages) {
    const key = canonicalProject(p.name);
    versionsOf.set(key, (versionsOf.get(key) ?? new Set()).add(p.version.toLowerCase()));
  }

  const out = packages.map((p, i): LockedPackage => {
    const origin = `${source}: package[${i}] (${p.name})`;
    let index: string | undefined;
    if (p.source !== undefined) {
      if (!INDEX_SOURCES.has(p.source.type)) return unverifiableRelease(p.name, p.version, origin, `a ${p.source.type} source, not an index: nothing attests it`);
      if (p.source.type === 'legacy') {
        if (p.source.url === undefined) throw new VerifyError('ErrorUsage', `${origin}: a legacy source without a url`);
        index = lockedIndex(p.source.url, origin);
      }
    }
    const own = p.files?.map((f) => ({ name: f.file, sha256: pinnedSha256(f.hash, origin) }));
    const legacy = legacyFiles
      .get(canonicalProject(p.name))
      ?.filter((f) => !otherLockedVersion(f.file, p.version, versionsOf.get(canonicalProject(p.name))!))
      .map((f) => ({ name: f.file, sha256: pinnedSha256(f.hash, origin) }));
    if (own !== undefined && legacy !== undefined && own.length > 0 && legacy.length > 0) {
      const key = (list: { name: string; sha256: string }[]) => list.map((f) => `${f.name}=${f.sha256}`).sort().join(',');
      if (key(own) !== key(legacy)) throw new VerifyError('ErrorUsage', `${origin}: its files and [metadata.files] pin different files or digests`);
    }
    const files = own !== undefined && own.length > 0 ? own : (legacy ?? []);
    return namedRelease(p.name, p.version, origin, fileDigestsOf(files, p.name, p.version, origin), index);
  });
  return dedupeLocked(out);
}

/** [metadata.files] lists every locked version's files under one name: a file of another locked version belongs to that entry. */
function otherLockedVersion(file: string, version: string, locked: ReadonlySet<string>): boolean {
  try {
    const v = parseDistFilename(file).version;
    return v !== version.toLowerCase() && locked.has(v);
  } catch {
    return false; // judged (and refused) with the entry's own files
  }
}
