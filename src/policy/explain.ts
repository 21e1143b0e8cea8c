import { describeBuilderRule } from './builder-rule.js';
import type { PolicyRules } from './schema.js';
import { tagPatterns, tagRange } from './tag-rule.js';
import { escapeText, jsonDocument, safeText } from '../report/escape-text.js';

/** One human sentence per rule; rules a policy does not set are said to be unrestricted by it. */
export function explainRules(rules: PolicyRules): { check: string; rule: string }[] {
  const out: { check: string; rule: string }[] = [];
  const add = (check: string, rule: string) => out.push({ check, rule });
  add('policy-builder', rules.builders ? `builder must be one of: ${rules.builders.map(describeBuilderRule).join('; ')}` : 'any builder slsa-verifier trusts');
  add('policy-source', rules.sourceRepositories ? `source repository must match: ${rules.sourceRepositories.join(', ')}` : 'any source repository (--source-uri still applies)');
  add('policy-branch', rules.branches ? `a branch build must be on: ${rules.branches.join(', ')}` : 'any branch');
  if (rules.tags) {
    const parts = [...(tagPatterns(rules.tags) ?? []).map((p) => `matching ${p}`)];
    const range = tagRange(rules.tags);
    if (range) parts.push(`semver ${range.range} (${range.includePrerelease ? 'prereleases allowed' : 'no prereleases'})`);
    add('policy-tag', `a tag build must be on a tag ${parts.join(' and ')}`);
  } else add('policy-tag', 'any tag');
  if (rules.branches && !rules.tags) out.push({ check: 'policy-tag', rule: 'tag builds are refused (only branches are listed)' });
  if (rules.tags && !rules.branches) out.push({ check: 'policy-branch', rule: 'branch builds are refused (only tags are listed)' });
  if (rules.branches || rules.tags) out.push({ check: rules.branches ? 'policy-branch' : 'policy-tag', rule: 'builds from any other ref (refs/pull/..., or none) are refused' });
  add('policy-workflow-inputs', rules.workflowInputs && Object.keys(rules.workflowInputs).length > 0
    ? `workflow inputs must be: ${Object.entries(rules.workflowInputs).map(([k, v]) => `${k}=${v}`).join(', ')}`
    : 'any workflow inputs');
  add('policy-predicate-type', rules.predicateTypes ? `predicate type must be one of: ${rules.predicateTypes.join(', ')}` : 'any predicate type slsa-verifier accepts');
  add('policy-hosted-runner', rules.requireHostedRunners === true ? 'the build must have run on a GitHub-hosted runner (certificate OID 1.11)' : 'any runner');
  add('policy-slsa-level', rules.minSlsaBuildLevel !== undefined ? `SLSA build level at least ${rules.minSlsaBuildLevel}` : 'any SLSA build level');
  return out;
}
