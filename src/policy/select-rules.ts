import { posix } from 'node:path';
import { VerifyError } from '../errors/index.js';
import { canonicalProject } from '../pypi/dist-filename.js';
import { matchesGlob } from './glob.js';
import type { PackageRules, PolicyFile, PolicyRules } from './schema.js';

/**
 * What a `packages[].match` is tried against: only names the user supplied,
 * never one the signer chose (a statement's subject names are the builder's
 * to pick, and could pick the most permissive entry).
 *
 * - artifact: a path or a `--checksums` name. A pattern without `/` matches
 *   the file's basename; a pattern with `/` the whole path as given (`./`
 *   and `..` segments resolved).
 * - npm package: the whole name, exactly (`left-pad` is not `@evil/left-pad`,
 *   `*` does not cross the scope's `/`). npm names are case-sensitive; a name
 *   that matches an entry only when case is ignored is refused rather than
 *   given other rules.
 * - PyPI project: the whole name, both sides canonicalised (PEP 503), as pip
 *   treats `Hello_Py` and `hello-py` as one project.
 */
export type RuleTarget = { kind: 'artifact'; name: string } | { kind: 'package'; ecosystem: 'npm' | 'pypi'; name: string };

export interface SelectedRules {
  rules: PolicyRules;
  /** The `match` of the package entry applied, if any. */
  packageMatch: string | undefined;
}

/**
 * The rules for one artifact or package: the first `packages` entry whose
 * `match` matches the target replaces the top-level fields it sets; the
 * others stay. Without a target (an artifact named only by its digest) the
 * top level applies.
 */
export function selectRules(policy: PolicyFile, target: RuleTarget | undefined): SelectedRules {
  const { packages, version: _version, ...top } = policy;
  const entry = target === undefined ? undefined : packages?.find((p) => entryMatches(p.match, target));
  if (!entry) return { rules: top, packageMatch: undefined };
  const { match, ...override } = entry;
  const rules: PolicyRules = { ...top };
  for (const [key, value] of Object.entries(override) as [keyof PolicyRules, unknown][]) {
    if (value !== undefined) Object.assign(rules, { [key]: value });
  }
  return { rules, packageMatch: match };
}

function entryMatches(pattern: PackageRules['match'], target: RuleTarget): boolean {
  if (target.kind === 'artifact') {
    const path = posix.normalize(target.name);
    return matchesGlob(pattern.includes('/') ? path : posix.basename(path), pattern);
  }
  if (target.ecosystem === 'pypi') return matchesGlob(canonicalProject(target.name), canonicalProject(pattern));
  if (matchesGlob(target.name, pattern)) return true;
  if (matchesGlob(target.name, pattern, { ignoreCase: true })) {
    throw new VerifyError('ErrorPolicyViolation', `npm package '${target.name}' matches the policy entry '${pattern}' only when case is ignored: npm names are case-sensitive, write the exact name`);
  }
  return false;
}
