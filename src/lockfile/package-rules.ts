import { builderRuleId } from '../policy/builder-rule.js';
import { normalizeRepository } from '../policy/repository.js';
import type { PolicyFile, PolicyRules } from '../policy/schema.js';
import { selectRules } from '../policy/select-rules.js';
import type { LockedPackage } from './locked-package.js';

export type MissingProvenance = 'require' | 'warn' | 'allow';

/** What the policy expects of one locked package (its `packages` entry is selected by package name). */
export interface PackageExpectation {
  rules: PolicyRules;
  /** The one repository the policy names without a glob, as --source-uri is written; undefined: none usable. */
  sourceUri: string | undefined;
  /** Builder IDs to try, in policy order (their version ranges are enforced by the policy stage). */
  builderIds: string[];
  missingProvenance: MissingProvenance;
}

const GLOB = /[*?[\]{}]/;

/**
 * A lockfile names no source repository, so the policy must: exactly one
 * literal `sourceRepositories` entry for the package. Globs or several
 * repositories leave the expected source unknown, so the package cannot be
 * verified (and the missing-provenance rule decides). The entry is chosen by
 * the lockfile's package name (npm exactly, PyPI canonicalised), never by a
 * name in the package's own evidence. Throws ErrorPolicyViolation for an npm
 * name that matches an entry only when case is ignored.
 */
export function expectationFor(policy: PolicyFile, pkg: Pick<LockedPackage, 'ecosystem' | 'name'>): PackageExpectation {
  const { rules } = selectRules(policy, { kind: 'package', ecosystem: pkg.ecosystem, name: pkg.name });
  const literal = (rules.sourceRepositories ?? []).filter((r) => !GLOB.test(r)).map(normalizeRepository);
  const sourceUri = literal.length === 1 && rules.sourceRepositories?.length === 1 ? literal[0] : undefined;
  return {
    rules,
    sourceUri,
    builderIds: [...new Set((rules.builders ?? []).map(builderRuleId))],
    missingProvenance: rules.missingProvenance ?? 'require',
  };
}
