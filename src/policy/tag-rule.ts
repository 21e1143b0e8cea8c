import semver from 'semver';
import type { TagsRule } from './schema.js';
import { matchesAnyGlob } from './glob.js';

export function tagPatterns(rule: TagsRule): readonly string[] | undefined {
  return Array.isArray(rule) ? rule : rule.patterns;
}

export function tagRange(rule: TagsRule): { range: string; includePrerelease: boolean } | undefined {
  if (Array.isArray(rule) || rule.semver === undefined) return undefined;
  return { range: rule.semver, includePrerelease: rule.allowPrerelease === true };
}

/**
 * The version a tag names: `vX.Y.Z` or `X.Y.Z`, with an optional prerelease,
 * written exactly as semver prints it. `v1.2` is not a version; `vv1.2.3`,
 * `1.2.3 ` and build metadata (`v1.2.3+other`, which semver ignores and so
 * would let any tag pose as an exact pin) are refused.
 */
export function tagVersion(tag: string): string | undefined {
  const bare = tag.startsWith('v') ? tag.slice(1) : tag;
  const version = semver.valid(bare);
  return version !== null && version === bare ? version : undefined;
}

/** Why a tag is refused by the rule (patterns: ErrorMismatchTag, range: ErrorMismatchVersionedTag), or undefined. */
export function tagViolation(tag: string, rule: TagsRule): { code: 'ErrorMismatchTag' | 'ErrorMismatchVersionedTag'; detail: string } | undefined {
  const patterns = tagPatterns(rule);
  if (patterns && !matchesAnyGlob(tag, patterns)) {
    return { code: 'ErrorMismatchTag', detail: `tag '${tag}' matches none of ${patterns.join(', ')}` };
  }
  const range = tagRange(rule);
  if (range) {
    const version = tagVersion(tag);
    if (version === undefined) return { code: 'ErrorMismatchVersionedTag', detail: `tag '${tag}' is not a semantic version (vX.Y.Z, no build metadata)` };
    const pre = semver.prerelease(version) !== null;
    if (pre && !range.includePrerelease) return { code: 'ErrorMismatchVersionedTag', detail: `tag '${tag}' is a prerelease and allowPrerelease is false` };
    if (!semver.satisfies(version, range.range, { includePrerelease: range.includePrerelease })) {
      return { code: 'ErrorMismatchVersionedTag', detail: `tag '${tag}' is outside ${range.range}` };
    }
  }
  return undefined;
}
