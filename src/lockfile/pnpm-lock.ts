import semver from 'semver';
import * as z from 'zod';
import { VerifyError } from '../errors/index.js';
import { ownRecord } from '../input/own-record.js';
import { dedupeLocked } from './dedupe.js';
import type { LockedPackage } from './locked-package.js';
import { checkRegistryTarball } from './registry-tarball.js';
import { sriSha512 } from './sri.js';
import { parseYamlLockfile } from './yaml-lockfile.js';
import { npmTarballName } from './tarball-name.js';

const resolutionSchema = z
  .object({
    integrity: z.string().optional(),
    tarball: z.string().optional(),
    type: z.string().optional(),
    directory: z.string().optional(),
    repo: z.string().optional(),
    commit: z.string().optional(),
  })
  .loose();
const entrySchema = z.object({ resolution: resolutionSchema, name: z.string().optional(), version: z.string().optional() }).loose();
const lockSchema = z
  .object({
    lockfileVersion: z.union([z.string(), z.number()]).transform(String),
    packages: ownRecord(entrySchema).optional(),
  })
  .loose();

/** pnpm's lockfile formats with `packages:` keyed by name and version (6.x: `/name@1.0.0(peer@2)`, 9.x: `name@1.0.0`). */
const SUPPORTED = /^(?:6\.\d+|9\.\d+)$/;

/**
 * pnpm-lock.yaml (lockfile v6 and v9): every `packages:` entry with its
 * `resolution.integrity`, the digest pnpm checks at install. Duplicate keys
 * and YAML aliases are refused (one reader must see one tree); an entry's
 * own name or version must agree with its key; git, directory and
 * tarball-URL dependencies are kept, marked as having no registry evidence.
 */
export function parsePnpmLock(text: string, source: string): LockedPackage[] {
  const json = parseYamlLockfile(text, source, 'a pnpm lockfile');
  const parsed = lockSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new VerifyError('ErrorUsage', `${source}: not a pnpm lockfile (${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'bad shape'})`);
  }
  const { lockfileVersion } = parsed.data;
  if (!SUPPORTED.test(lockfileVersion)) throw new VerifyError('ErrorUsage', `${source}: pnpm lockfileVersion ${lockfileVersion.slice(0, 20)} is not supported (6.x and 9.x are)`);
  const out: LockedPackage[] = [];
  for (const [key, entry] of Object.entries(parsed.data.packages ?? {})) {
    out.push(pnpmEntry(key, entry, `${source}: packages["${key.slice(0, 200)}"]`));
  }
  return dedupeLocked(out);
}

function pnpmEntry(key: string, entry: z.infer<typeof entrySchema>, origin: string): LockedPackage {
  // v6 keys start with "/" and carry peer suffixes "(peer@1.0.0)"; v9 keys are plain "name@version".
  const bare = key.replace(/^\//, '').replace(/\(.*$/s, '');
  const at = bare.indexOf('@', 1);
  const keyName = at > 0 ? bare.slice(0, at) : bare;
  const keyVersion = at > 0 ? bare.slice(at + 1) : '';
  const resolution = entry.resolution;
  const fromRegistry = semver.valid(keyVersion) === keyVersion && resolution.type === undefined && resolution.directory === undefined;
  if (!fromRegistry) {
    const name = entry.name ?? keyName;
    const version = entry.version ?? keyVersion;
    const what = resolution.type === 'git' || resolution.repo !== undefined ? 'a git dependency' : resolution.directory !== undefined || keyVersion.startsWith('file:') ? 'a local directory or file' : 'a tarball URL dependency';
    return {
      ecosystem: 'npm',
      name,
      version,
      origin,
      files: [],
      digests: {},
      unverifiable: `${what} (${keyVersion.slice(0, 120) || key.slice(0, 120)}): no registry evidence`,
    };
  }
  if (entry.name !== undefined && entry.name !== keyName) {
    throw new VerifyError('ErrorMismatchPackageName', `${origin}: the key names ${keyName}, the entry ${entry.name.slice(0, 100)}`, { expected: keyName, actual: entry.name });
  }
  if (entry.version !== undefined && entry.version !== keyVersion) {
    throw new VerifyError('ErrorMismatchPackageVersion', `${origin}: the key is version ${keyVersion}, the entry ${entry.version.slice(0, 100)}`, { expected: keyVersion, actual: entry.version });
  }
  if (resolution.integrity === undefined) throw new VerifyError('ErrorInvalidHash', `${origin}: resolution has no integrity`);
  let resolved: string | undefined;
  if (resolution.tarball !== undefined) {
    // A registry package pnpm resolved on a non-default registry records its tarball URL: it says which registry to ask.
    if (checkRegistryTarball(keyName, keyVersion, resolution.tarball, origin) !== 'registry') {
      return { ecosystem: 'npm', name: keyName, version: keyVersion, origin, files: [], digests: {}, unverifiable: `a tarball URL dependency (${resolution.tarball.slice(0, 120)}): no registry evidence` };
    }
    resolved = resolution.tarball;
  }
  return {
    ecosystem: 'npm',
    name: keyName,
    version: keyVersion,
    origin,
    files: [npmTarballName(keyName, keyVersion)],
    digests: { sha512: sriSha512(resolution.integrity, origin) },
    ...(resolved !== undefined ? { resolved } : {}),
  };
}
