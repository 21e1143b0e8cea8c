import yarnLockfileDefault, * as yarnLockfileNamespace from '@yarnpkg/lockfile';
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

/**
 * The parser of a CommonJS module that also sets `__esModule`: Node's ESM
 * loader puts it on the default export, bundlers and vite's interop on the
 * namespace.
 */
const parseYarnText: typeof yarnLockfileNamespace.parse =
  typeof yarnLockfileNamespace.parse === 'function' ? yarnLockfileNamespace.parse : yarnLockfileDefault.parse;

const entrySchema = z.object({ version: z.string().min(1), resolved: z.string().optional(), integrity: z.string().optional() }).loose();

/**
 * yarn.lock, classic (v1): one block per set of ranges, with the version,
 * the `resolved` tarball URL and the SRI `integrity` yarn checks at install.
 * The parser keeps the last of two equal keys, so duplicates are found
 * first; a lockfile with merge-conflict markers is refused, not auto-merged.
 */
export function parseYarnLock(text: string, source: string): LockedPackage[] {
  const duplicate = duplicateKey(text);
  if (duplicate !== undefined) throw new VerifyError('ErrorUsage', `${source}:${duplicate.line}: "${duplicate.key.slice(0, 100)}" is listed twice`);
  let result: ReturnType<typeof parseYarnText>;
  try {
    result = parseYarnText(text);
  } catch (err) {
    throw new VerifyError('ErrorUsage', `${source}: not a yarn.lock v1 (${(err instanceof Error ? err.message : String(err)).split('\n')[0]?.slice(0, 200) ?? ''})`);
  }
  if (result.type !== 'success') throw new VerifyError('ErrorUsage', `${source}: has merge-conflict markers; resolve them (yarn install) first`);
  const out: LockedPackage[] = [];
  for (const [key, raw] of Object.entries(result.object as Record<string, unknown>)) {
    const origin = `${source}: "${key.slice(0, 200)}"`;
    const entry = entrySchema.safeParse(raw);
    if (!entry.success) throw new VerifyError('ErrorUsage', `${origin}: ${entry.error.issues[0]?.path.join('.') ?? ''}: ${entry.error.issues[0]?.message ?? 'bad shape'}`);
    out.push(yarnEntry(key, entry.data, origin));
  }
  return dedupeLocked(out);
}

function yarnEntry(key: string, entry: z.infer<typeof entrySchema>, origin: string): LockedPackage {
  const at = key.indexOf('@', 1);
  let name = at > 0 ? key.slice(0, at) : key;
  const range = at > 0 ? key.slice(at + 1) : '';
  // An alias "local@npm:real@^1" installs the registry package "real".
  const alias = /^npm:((?:@[^/@]+\/)?[^/@]+)@/.exec(range);
  if (alias) name = alias[1]!;
  const { version } = entry;
  const resolved = entry.resolved?.replace(/#.*$/s, '');
  const nonRegistry = (what: string): LockedPackage => ({
    ecosystem: 'npm',
    name,
    version,
    origin,
    files: [],
    digests: {},
    unverifiable: `${what} (${(entry.resolved ?? range).slice(0, 120)}): no registry evidence`,
  });
  if (/^(?:file|link|portal|workspace):/.test(range)) return nonRegistry('a local directory or file');
  // yarn would still fetch a registry range without `resolved` from the registry: not something to wave through as local.
  if (resolved === undefined) throw new VerifyError('ErrorUsage', `${origin}: no resolved URL for the range ${JSON.stringify(range.slice(0, 80))}`);
  if (/^(?:git[+:]|github:|gitlab:|bitbucket:)/.test(range) || /^git[+:]/.test(resolved) || /\.git$/.test(resolved)) return nonRegistry('a git dependency');
  if (semver.valid(version) !== version || checkRegistryTarball(name, version, resolved, origin) !== 'registry') return nonRegistry('a tarball URL dependency');
  if (entry.integrity === undefined) {
    // Old yarn recorded only the sha1 in the URL's fragment: not a digest the sha512 subjects can be checked against.
    throw new VerifyError('ErrorInvalidHash', `${origin}: no integrity (only a sha1 in the resolved URL); run yarn with a current version to record sha512`);
  }
  return { ecosystem: 'npm', name, version, origin, files: [npmTarballName(name, version)], digests: { sha512: sriSha512(entry.integrity, origin) }, resolved };
}

/**
 * The first key listed twice, at the top level (a block's comma-separated
 * ranges) or inside one block (two `version` lines): the library's parser
 * would silently keep the last, so a second reader could see another tree.
 */
function duplicateKey(text: string): { key: string; line: number } | undefined {
  const levels: Set<string>[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    const indent = line.length - line.trimStart().length;
    const level = Math.floor(indent / 2);
    levels.length = level + 1;
    const seen = (levels[level] ??= new Set());
    const body = line.trim();
    const keys = level === 0 ? body.replace(/:$/, '').split(/,\s*/) : [/^("(?:[^"\\]|\\.)*"|[^\s:]+)/.exec(body)?.[1] ?? body];
    for (const raw of keys) {
      const key = raw.replace(/^"(.*)"$/s, '$1');
      if (seen.has(key)) return { key, line: i + 1 };
      seen.add(key);
    }
  }
  return undefined;
}

const berryEntrySchema = z.object({ version: z.string().min(1), resolution: z.string().min(1) }).loose();

/**
 * yarn.lock of Yarn 2+ ("Berry", YAML with `__metadata:`): its `checksum`
 * is of yarn's zip cache, not of the registry tarball, so nothing in it pins
 * the digest the registry's signatures and attestations name. The packages
 * are listed as unpinned: verifiable only from tarballs given with --artifacts.
 */
export function parseYarnBerryLock(text: string, source: string): LockedPackage[] {
  const json = parseYamlLockfile(text, source, 'a Yarn Berry lockfile');
  const top = ownRecord(z.unknown()).safeParse(json);
  if (!top.success) throw new VerifyError('ErrorUsage', `${source}: not a Yarn Berry lockfile`);
  const unpinned = 'Yarn Berry lockfiles pin the checksum of yarn\'s zip cache, not the registry tarball\'s digest';
  const out: LockedPackage[] = [];
  for (const [key, raw] of Object.entries(top.data)) {
    if (key === '__metadata') continue;
    const origin = `${source}: "${key.slice(0, 200)}"`;
    const entry = berryEntrySchema.safeParse(raw);
    if (!entry.success) throw new VerifyError('ErrorUsage', `${origin}: ${entry.error.issues[0]?.path.join('.') ?? ''}: ${entry.error.issues[0]?.message ?? 'bad shape'}`);
    const { version, resolution } = entry.data;
    const match = /^((?:@[^/@]+\/)?[^/@]+)@npm:(.+)$/.exec(resolution);
    if (!match || match[2] !== version || semver.valid(version) !== version) {
      const at = resolution.indexOf('@', 1);
      out.push({ ecosystem: 'npm', name: at > 0 ? resolution.slice(0, at) : resolution, version, origin, files: [], digests: {}, unverifiable: `not an npm registry package (${resolution.slice(0, 120)}): no registry evidence` });
      continue;
    }
    out.push({ ecosystem: 'npm', name: match[1]!, version, origin, files: [npmTarballName(match[1]!, version)], digests: {}, unpinned });
  }
  return dedupeLocked(out);
}
