import * as z from 'zod';
import { VerifyError } from '../errors/index.js';
import { dedupeLocked } from './dedupe.js';
import type { LockedPackage } from './locked-package.js';
import { sriSha512 } from './sri.js';
import { npmTarballName } from './tarball-name.js';
import { ownRecord } from '../input/own-record.js';

const entrySchema = z
  .object({
    name: z.string().min(1).optional(),
    version: z.string().optional(),
    resolved: z.string().optional(),
    integrity: z.string().optional(),
    link: z.boolean().optional(),
    inBundle: z.boolean().optional(),
  })
  .loose();

const lockSchema = z
  .object({ lockfileVersion: z.union([z.literal(2), z.literal(3)]), packages: ownRecord(entrySchema) })
  .loose();

/**
 * package-lock.json v2/v3: every installed package (`node_modules/...` key)
 * with its version and SRI integrity. Workspace links and bundled
 * dependencies are not fetched from the registry and are skipped; any other
 * entry without a version, resolved URL or integrity is an error (the lockfile
 * would let npm install something we cannot check).
 */
export function parseNpmLock(json: unknown, source: string): LockedPackage[] {
  const parsed = lockSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new VerifyError('ErrorUsage', `${source}: not a package-lock.json v2/v3 (${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'bad shape'})`);
  }
  const out: LockedPackage[] = [];
  for (const [key, entry] of Object.entries(parsed.data.packages)) {
    if (key === '' || entry.link === true || entry.inBundle === true) continue;
    const at = key.lastIndexOf('node_modules/');
    if (at < 0) continue; // a workspace folder, installed by link
    const origin = `${source}: packages["${key}"]`;
    const name = entry.name ?? key.slice(at + 'node_modules/'.length);
    if (entry.version === undefined || entry.resolved === undefined || entry.integrity === undefined) {
      throw new VerifyError('ErrorUsage', `${origin}: needs version, resolved and integrity`);
    }
    out.push({
      ecosystem: 'npm',
      name,
      version: entry.version,
      origin,
      files: [npmTarballName(name, entry.version)],
      digests: { sha512: sriSha512(entry.integrity, origin) },
      resolved: entry.resolved,
    });
  }
  return dedupeLocked(out);
}
