import * as z from 'zod';
import { VerifyError } from '../errors/index.js';
import { canonicalProject } from '../pypi/dist-filename.js';
import { dedupeLocked } from './dedupe.js';
import type { LockedPackage } from './locked-package.js';
import { fileDigestsOf, lastSegment, lockedIndex, namedRelease, parseTomlLockfile, pinnedSha256, shapeError, unverifiableRelease, projectName } from './pypi-files.js';

const fileSchema = z
  .object({ url: z.string().min(1).optional(), path: z.string().min(1).optional(), filename: z.string().min(1).optional(), hash: z.string().optional() })
  .loose();
const sourceSchema = z
  .object({
    registry: z.string().min(1).optional(),
    git: z.string().optional(),
    path: z.string().optional(),
    directory: z.string().optional(),
    editable: z.string().optional(),
    virtual: z.string().optional(),
    url: z.string().optional(),
  })
  .loose();
const packageSchema = z
  .object({ name: projectName, version: z.string().min(1).optional(), source: sourceSchema, sdist: fileSchema.optional(), wheels: z.array(fileSchema).optional() })
  .loose();
const uvSchema = z
  .object({
    version: z.number().int().min(1).max(1),
    package: z.array(packageSchema).default([]),
    manifest: z.object({ members: z.array(z.string()).optional() }).loose().optional(),
  })
  .loose();

const NOT_AN_INDEX = ['git', 'path', 'directory', 'editable', 'virtual', 'url'] as const;

/**
 * uv.lock: `[[package]]` with `source = { registry = URL }` (the index it is
 * asked of, as --index-url), an `sdist` and `wheels`, each with its `url` and
 * `hash`. The workspace's own members (an editable or virtual source at ".",
 * or named in `[manifest] members`) are the user's source tree, not locked
 * dependencies, and are left out; any other git, path, directory, editable or
 * URL source has no index evidence.
 */
export function parseUvLock(text: string, source: string): LockedPackage[] {
  const parsed = uvSchema.safeParse(parseTomlLockfile(text, source));
  if (!parsed.success) throw shapeError(source, 'uv.lock', parsed.error);
  const members = new Set((parsed.data.manifest?.members ?? []).map(canonicalProject));
  const out: LockedPackage[] = [];
  parsed.data.package.forEach((p, i) => {
    const origin = `${source}: package[${i}] (${p.name})`;
    const kinds = Object.keys(p.source).filter((k) => k === 'registry' || (NOT_AN_INDEX as readonly string[]).includes(k));
    if (kinds.length !== 1) throw new VerifyError('ErrorUsage', `${origin}: a source must name one kind (registry, git, path, directory, editable, virtual or url)`);
    const kind = kinds[0]!;
    // A workspace member is the user's own code: with a [manifest] only the members it names, without one only the project at '.'.
    // Any other editable or virtual entry is unverifiable, never silently left out.
    const member = (kind === 'editable' || kind === 'virtual') && (members.size > 0 ? members.has(canonicalProject(p.name)) : p.source[kind] === '.');
    if (member) return;
    const registry = p.source.registry;
    if (registry === undefined || !/^https?:\/\//i.test(registry)) {
      out.push(unverifiableRelease(p.name, p.version, origin, `a ${registry === undefined ? kind : 'local registry'} source, not an index: nothing attests it`));
      return;
    }
    if (p.version === undefined) throw new VerifyError('ErrorUsage', `${origin}: a registry package without a version`);
    const files = [...(p.sdist ? [p.sdist] : []), ...(p.wheels ?? [])].map((file) => {
      if (file.hash === undefined) throw new VerifyError('ErrorUsage', `${origin}: a file without a hash`);
      return { name: file.filename ?? lastSegment(file.url ?? file.path ?? '', origin), sha256: pinnedSha256(file.hash, origin) };
    });
    out.push(namedRelease(p.name, p.version, origin, fileDigestsOf(files, p.name, p.version, origin), lockedIndex(registry, origin)));
  });
  return dedupeLocked(out);
}
