import semver from 'semver';
import type { BuilderRule } from './schema.js';
import { tagVersion } from './tag-rule.js';

export function builderRuleId(rule: BuilderRule): string {
  return typeof rule === 'string' ? rule : rule.id;
}

function builderRuleVersion(rule: BuilderRule): string | undefined {
  return typeof rule === 'string' ? undefined : rule.version;
}

/** `name@refs/tags/v1.2.3`, `name@v1.2.3` or `name` -> name and semantic version (when the ref is one). */
export function splitBuilderId(builderId: string): { name: string; ref: string | undefined; version: string | undefined } {
  const at = builderId.lastIndexOf('@');
  if (at < 0) return { name: builderId, ref: undefined, version: undefined };
  const ref = builderId.slice(at + 1);
  const tag = ref.startsWith('refs/tags/') ? ref.slice('refs/tags/'.length) : ref;
  return { name: builderId.slice(0, at), ref, version: tagVersion(tag) };
}

/**
 * Whether a builder ID (with its ref) is allowed by one of the rules. A
 * version pin or range needs the ref to be a semantic-version release tag;
 * prereleases match only a range that names one (semver's default).
 */
export function builderAllowed(builderId: string, rules: readonly BuilderRule[]): boolean {
  const { name, version } = splitBuilderId(builderId);
  return rules.some((rule) => {
    if (builderRuleId(rule) !== name) return false;
    const range = builderRuleVersion(rule);
    return range === undefined || (version !== undefined && semver.satisfies(version, range));
  });
}

export function describeBuilderRule(rule: BuilderRule): string {
  const range = builderRuleVersion(rule);
  return range === undefined ? builderRuleId(rule) : `${builderRuleId(rule)} (version ${range})`;
}
