import type { ChalkInstance } from 'chalk';
import { definedRules } from '../../commands/policy-explain.js';
import { explainRules } from '../../policy/explain.js';
import type { PolicyFile, PolicyRules } from '../../policy/schema.js';
import { escapeText, safeText } from '../../report/escape-text.js';

export function explainText(path: string, policy: PolicyFile, c: ChalkInstance): string {
  const { packages, version: _version, ...top } = policy;
  const block = (title: string, rules: PolicyRules) =>
    [c.bold(title), ...explainRules(rules).map((r) => `  ${r.check.padEnd(24)}${escapeText(r.rule)}`)].join('\n');
  const blocks = [
    safeText`Policy ${path}: enforced by verify-artifact --policy after every slsa-verifier check passed; flags may only narrow it.`,
    'Package entries are chosen by the name you give (a file basename, or its path when the pattern has a /; an npm name exactly; a PyPI name by PEP 503), never by a name in the evidence.',
    block('All artifacts:', top),
    ...(packages ?? []).map(({ match, ...override }) => block(safeText`Artifacts and packages named '${match}' (first match wins; these fields replace the ones above):`, { ...top, ...definedRules(override) })),
  ];
  return `${blocks.join('\n\n')}\n`;
}
