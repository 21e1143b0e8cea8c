import * as z from 'zod';
import { VerifyError } from '../errors/index.js';
import { dedupeLocked } from './dedupe.js';
import type { LockedPackage } from './locked-package.js';
import { fileDigestsOf, lastSegment, namedRelease, parseTomlLockfile, sha256Hex, shapeError, projectName } from './pypi-files.js';

const fileSchema = z
  .object({ name: z.string().min(1).optional(), url: z.string().min(1).optional(), path: z.string().min(1).optional(), hashes: z.object({ sha256: sha256Hex }).loose() })
  .loose();
const packageSchema = z
  .object({
    name: projectName,
    version: z.string().min(1).optional(),
    sdist: fileSchema.optional(),
    wheels: z.array(fileSchema).optional(),
    vcs: z.unknown().optional(),
    directory: z.unknown().optional(),
    archive: z.unknown().optional(),
  })
  .loose();
const pylockSchema = z.object({ 'lock-version': z.string().regex(/^1\.\d+$/), packages: z.array(packageSchema) }).loose();

/**
 * pylock.toml (PEP 751): each package's sdist and wheels, each with its own
 * sha256. Packages from a VCS, a directory or an archive URL have no
 * distribution PyPI could attest and are refused.
 */
export function parsePylock(text: string, source: string): LockedPackage[] {
  const parsed = pylockSchema.safeParse(parseTomlLockfile(text, source));
  if (!parsed.success) throw shapeError(source, 'pylock.toml', parsed.error);
  const packages = parsed.data.packages.map((p, i): LockedPackage => {
    const origin = `${source}: packages[${i}] (${p.name})`;
    if (p.vcs !== undefined || p.directory !== undefined || p.archive !== undefined || p.version === undefined) {
      throw new VerifyError('ErrorUsage', `${origin}: only versioned sdists and wheels can be verified`);
    }
    const files = [...(p.sdist ? [p.sdist] : []), ...(p.wheels ?? [])].map((file) => ({ name: file.name ?? lastSegment(file.url ?? file.path ?? '', origin), sha256: file.hashes.sha256 }));
    return namedRelease(p.name, p.version, origin, fileDigestsOf(files, p.name, p.version, origin), undefined);
  });
  return dedupeLocked(packages);
}
