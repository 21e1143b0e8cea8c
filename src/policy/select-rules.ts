import { matchesGlob } from './glob.js';
import type { PolicyFile, PolicyRules } from './schema.js';

/**
 * The rules for one artifact: the first `packages` entry whose `match` (a
 * name or glob) matches one of the artifact's names replaces the top-level
 * fields it sets; the others stay.
 */
export function selectRules(policy: PolicyFile, names: readonly string[]): { rules: PolicyRules; packageMatch: string | undefined } {
  const { packages, version: _version, ...top } = policy;
  const entry = packages?.find((p) => names.some((n) => matchesGlob(n, p.match) || matchesGlob(basename(n), p.match)));
  if (!entry) return { rules: top, packageMatch: undefined };
  const { match, ...override } = entry;
  const rules: PolicyRules = { ...top };
  for (const [key, value] of Object.entries(override) as [keyof PolicyRules, unknown][]) {
    if (value !== undefined) Object.assign(rules, { [key]: value });
  }
  return { rules, packageMatch: match };
}

function basename(name: string): string {
  return name.slice(name.lastIndexOf('/') + 1);
}
