import * as z from 'zod';
import { VerifyError } from '../errors/index.js';
import { dedupeLocked } from './dedupe.js';
import type { LockedPackage } from './locked-package.js';
import { lockedIndex, pinnedSha256, projectName, shapeError, unverifiableRelease } from './pypi-files.js';
import { parseStrictJson } from './strict-json.js';
import { ownRecord } from '../input/own-record.js';

const entrySchema = z
  .object({
    version: z.string().optional(),
    hashes: z.array(z.string()).optional(),
    index: z.string().min(1).optional(),
    git: z.unknown().optional(),
    path: z.unknown().optional(),
    file: z.unknown().optional(),
    editable: z.unknown().optional(),
  })
  .loose();
const metaSchema = z
  .object({ sources: z.array(z.object({ name: z.string().min(1), url: z.string().min(1) }).loose()).optional() })
  .loose();
const pipfileSchema = z.object({ _meta: metaSchema }).catchall(ownRecord(entrySchema, projectName));

/**
 * Pipfile.lock: every top-level key but `_meta` is a package category
 * (`default`, `develop`, or a custom one), each package pinned `==VERSION`
 * with `hashes` but no file names, so each hash is matched against the
 * index's file list (as requirements.txt). `index` names one of
 * `_meta.sources`; without it pipenv uses the first source. git, path, file
 * and editable entries have no index evidence.
 */
export function parsePipfileLock(text: string, source: string): LockedPackage[] {
  const parsed = pipfileSchema.safeParse(parseStrictJson(text, source));
  if (!parsed.success) throw shapeError(source, 'Pipfile.lock', parsed.error);
  const { _meta: meta, ...categories } = parsed.data;
  const sources = new Map<string, string>();
  for (const s of meta.sources ?? []) {
    if (sources.has(s.name)) throw new VerifyError('ErrorUsage', `${source}: _meta.sources names ${s.name} twice`);
    sources.set(s.name, s.url);
  }
  const firstSource = meta.sources?.[0]?.url;
  const out: LockedPackage[] = [];
  for (const [category, entries] of Object.entries(categories)) {
    for (const [name, entry] of Object.entries(entries)) {
      const origin = `${source}: ${category}.${name}`;
      const elsewhere = (['git', 'path', 'file', 'editable'] as const).find((k) => entry[k] !== undefined && entry[k] !== false);
      const version = /^===?([^\s=<>!~,;]+)$/.exec(entry.version ?? '')?.[1];
      if (elsewhere !== undefined) {
        out.push(unverifiableRelease(name, version, origin, `a ${elsewhere} entry, not an index: nothing attests it`));
        continue;
      }
      if (version === undefined) throw new VerifyError('ErrorUsage', `${origin}: expected "version": "==VERSION"`);
      const sha256 = [...new Set((entry.hashes ?? []).map((h) => pinnedSha256(h, origin)))];
      if (sha256.length === 0) throw new VerifyError('ErrorUsage', `${origin}: no sha256 hashes`);
      let url = firstSource;
      if (entry.index !== undefined) {
        url = sources.get(entry.index);
        if (url === undefined) throw new VerifyError('ErrorUsage', `${origin}: index ${JSON.stringify(entry.index.slice(0, 80))} is not in _meta.sources`);
      }
      const index = url === undefined ? undefined : lockedIndex(url, origin);
      out.push({ ecosystem: 'pypi', name, version, origin, files: undefined, digests: { sha256 }, ...(index !== undefined ? { index } : {}) });
    }
  }
  return dedupeLocked(out);
}
