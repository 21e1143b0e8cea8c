import semver from 'semver';
import { VerifyError } from '../errors/index.js';
import { builderAllowed, splitBuilderId, builderRuleId } from './builder-rule.js';
import { matchesAnyGlob } from './glob.js';
import { normalizeRepository } from './repository.js';
import type { PolicyRules } from './schema.js';
import { tagPatterns, tagRange, tagViolation } from './tag-rule.js';

export interface NarrowingFlags {
  sourceUri?: string;
  sourceBranch?: string;
  sourceTag?: string;
  sourceVersionedTag?: string;
  builderId?: string;
  workflowInputs: Record<string, string>;
}

/**
 * A flag may only narrow the policy: a value the rules would refuse is a usage
 * error (exit 2), never a silent widening. Both are enforced afterwards
 * anyway (the flag by the slsa-verifier checks, the rules by enforce.ts).
 */
export function checkFlagsNarrow(flags: NarrowingFlags, rules: PolicyRules, scope: string): void {
  const widen = (flag: string, value: string, allowed: string): never => {
    throw new VerifyError('ErrorInvalidPolicy', `${flag} '${value}' is outside what the policy allows${scope} (${allowed}): a flag can narrow the policy, never widen it`);
  };
  if (flags.sourceUri !== undefined && rules.sourceRepositories) {
    if (!matchesAnyGlob(normalizeRepository(flags.sourceUri), rules.sourceRepositories.map(normalizeRepository))) {
      widen('--source-uri', flags.sourceUri, rules.sourceRepositories.join(', '));
    }
  }
  if (flags.builderId && rules.builders) {
    const { name, ref } = splitBuilderId(flags.builderId);
    // Without a ref the flag names a builder only; the policy's version pin still applies.
    const ok = ref === undefined ? rules.builders.some((r) => builderRuleId(r) === name) : builderAllowed(flags.builderId, rules.builders);
    if (!ok) widen('--builder-id', flags.builderId, rules.builders.map(builderRuleId).join(', '));
  }
  if (flags.sourceBranch !== undefined) {
    if (rules.branches && !matchesAnyGlob(flags.sourceBranch, rules.branches)) widen('--source-branch', flags.sourceBranch, rules.branches.join(', '));
    if (!rules.branches && rules.tags) widen('--source-branch', flags.sourceBranch, 'tags only');
  }
  if (flags.sourceTag !== undefined) {
    if (rules.tags && tagViolation(flags.sourceTag, rules.tags)) widen('--source-tag', flags.sourceTag, describeTags(rules));
    if (!rules.tags && rules.branches) widen('--source-tag', flags.sourceTag, 'branches only');
  }
  if (flags.sourceVersionedTag !== undefined) {
    if (rules.tags && !versionedTagWithin(flags.sourceVersionedTag, rules)) widen('--source-versioned-tag', flags.sourceVersionedTag, describeTags(rules));
    if (!rules.tags && rules.branches) widen('--source-versioned-tag', flags.sourceVersionedTag, 'branches only');
  }
  for (const [key, value] of Object.entries(flags.workflowInputs)) {
    const required = rules.workflowInputs?.[key];
    if (required !== undefined && required !== value) widen('--build-workflow-input', `${key}=${value}`, `${key}=${required}`);
  }
}

/** `v1.2` means any v1.2.x: it must lie inside the policy's range, and its tag form match the patterns. */
function versionedTagWithin(flag: string, rules: PolicyRules): boolean {
  if (!rules.tags) return true;
  const patterns = tagPatterns(rules.tags);
  if (patterns && !matchesAnyGlob(flag, patterns)) return false;
  const range = tagRange(rules.tags);
  if (!range) return true;
  const flagRange = semver.validRange(`~${flag.replace(/^v/, '')}`);
  return flagRange !== null && semver.subset(flagRange, range.range, { includePrerelease: range.includePrerelease });
}

function describeTags(rules: PolicyRules): string {
  if (!rules.tags) return '';
  const parts = [...(tagPatterns(rules.tags) ?? [])];
  const range = tagRange(rules.tags);
  if (range) parts.push(`semver ${range.range}`);
  return parts.join(', ');
}
