import type { ChalkInstance } from 'chalk';
import { describeBuilderRule } from './builder-rule.js';
import type { PolicyFile, PolicyRules } from './schema.js';
import { tagPatterns, tagRange } from './tag-rule.js';

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

export function explainJson(path: string, policy: PolicyFile): string {
  const { packages, version: _version, ...top } = policy;
  return `${JSON.stringify(
    {
      schemaVersion: 1,
      command: 'policy explain',
      path,
      rules: top,
      explanation: explainRules(top),
      packages: (packages ?? []).map(({ match, ...override }) => ({ match, rules: override, explanation: explainRules({ ...top, ...defined(override) }) })),
    },
    null,
    2,
  )}\n`;
}

export function explainText(path: string, policy: PolicyFile, c: ChalkInstance): string {
  const { packages, version: _version, ...top } = policy;
  const block = (title: string, rules: PolicyRules) =>
    [c.bold(title), ...explainRules(rules).map((r) => `  ${r.check.padEnd(24)}${r.rule}`)].join('\n');
  const blocks = [
    `Policy ${path}: enforced by verify-artifact --policy after every slsa-verifier check passed; flags may only narrow it.`,
    'Package entries are chosen by the name you give (a file basename, or its path when the pattern has a /; an npm name exactly; a PyPI name by PEP 503), never by a name in the evidence.',
    block('All artifacts:', top),
    ...(packages ?? []).map(({ match, ...override }) => block(`Artifacts and packages named '${match}' (first match wins; these fields replace the ones above):`, { ...top, ...defined(override) })),
  ];
  return `${blocks.join('\n\n')}\n`;
}

function defined(rules: PolicyRules): PolicyRules {
  return Object.fromEntries(Object.entries(rules).filter(([, v]) => v !== undefined)) as PolicyRules;
}
