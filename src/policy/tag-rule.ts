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

/** The tag without refs/tags/ and a leading v, when it is a full semantic version. */
export function tagVersion(tag: string): string | undefined {
  return semver.valid(tag.replace(/^v/, '')) ?? undefined;
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
    if (version === undefined) return { code: 'ErrorMismatchVersionedTag', detail: `tag '${tag}' is not a semantic version` };
    const pre = semver.prerelease(version) !== null;
    if (pre && !range.includePrerelease) return { code: 'ErrorMismatchVersionedTag', detail: `tag '${tag}' is a prerelease and allowPrerelease is false` };
    if (!semver.satisfies(version, range.range, { includePrerelease: range.includePrerelease })) {
      return { code: 'ErrorMismatchVersionedTag', detail: `tag '${tag}' is outside ${range.range}` };
    }
  }
  return undefined;
}
