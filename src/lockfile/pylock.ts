import { parse } from 'smol-toml';
import * as z from 'zod';
import { asVerifyError, VerifyError } from '../errors/index.js';
import { canonicalProject, parseDistFilename, type DistName } from '../pypi/dist-filename.js';
import { dedupeLocked } from './dedupe.js';
import type { LockedPackage } from './locked-package.js';

const sha256 = z.string().regex(/^[0-9a-fA-F]{64}$/).transform((h) => h.toLowerCase());
const fileSchema = z
  .object({ name: z.string().min(1).optional(), url: z.string().min(1).optional(), path: z.string().min(1).optional(), hashes: z.object({ sha256 }).loose() })
  .loose();
const packageSchema = z
  .object({
    name: z.string().min(1),
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
  let toml: unknown;
  try {
    toml = parse(text);
  } catch (err) {
    throw new VerifyError('ErrorUsage', `${source}: not TOML: ${(err as Error).message.split('\n')[0] ?? ''}`);
  }
  const parsed = pylockSchema.safeParse(toml);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new VerifyError('ErrorUsage', `${source}: not a pylock.toml (${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'bad shape'})`);
  }
  const packages = parsed.data.packages.map((p, i): LockedPackage => {
    const origin = `${source}: packages[${i}] (${p.name})`;
    if (p.vcs !== undefined || p.directory !== undefined || p.archive !== undefined || p.version === undefined) {
      throw new VerifyError('ErrorUsage', `${origin}: only versioned sdists and wheels can be verified`);
    }
    const fileDigests = new Map<string, string>();
    for (const file of [...(p.sdist ? [p.sdist] : []), ...(p.wheels ?? [])]) {
      const name = file.name ?? lastSegment(file.url ?? file.path ?? '');
      if (name === '' || name === '.' || name === '..' || /[/\\]/.test(name)) throw new VerifyError('ErrorUsage', `${origin}: a file without a usable name`);
      checkFileOf(name, p.name, p.version, origin);
      const prior = fileDigests.get(name);
      if (prior !== undefined && prior !== file.hashes.sha256) throw new VerifyError('ErrorUsage', `${origin}: ${name} is listed twice with different sha256`);
      fileDigests.set(name, file.hashes.sha256);
    }
    if (fileDigests.size === 0) throw new VerifyError('ErrorUsage', `${origin}: no sdist or wheel`);
    return { ecosystem: 'pypi', name: p.name, version: p.version, origin, files: [...fileDigests.keys()], digests: { sha256: [...new Set(fileDigests.values())] }, fileDigests };
  });
  return dedupeLocked(packages);
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

function lastSegment(location: string): string {
  const path = location.replace(/[?#].*$/, '');
  return decodeURIComponent(path.slice(path.lastIndexOf('/') + 1));
}
