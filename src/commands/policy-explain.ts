import { explainRules } from '../policy/explain.js';
import { loadPolicy } from '../policy/load-policy.js';
import type { PolicyFile, PolicyRules } from '../policy/schema.js';
import type { PolicyExplainReport } from '../report/schema.js';
import type { PolicyExplainRequest } from './requests.js';

export function policyExplainReport(path: string, policy: PolicyFile): PolicyExplainReport {
  const { packages, version: _version, ...top } = policy;
  return {
    schemaVersion: 1,
    command: 'policy explain',
    path,
    rules: top,
    explanation: explainRules(top),
    packages: (packages ?? []).map(({ match, ...override }) => ({ match, rules: override, explanation: explainRules({ ...top, ...definedRules(override) }) })),
  };
}

/** The rules a package entry sets, without the fields it leaves to the top level. */
export function definedRules(rules: PolicyRules): PolicyRules {
  return Object.fromEntries(Object.entries(rules).filter(([, v]) => v !== undefined)) as PolicyRules;
}

/** policy explain: what verify-artifact --policy FILE will enforce. An invalid policy throws (ErrorInvalidPolicy). */
export async function explainPolicy(request: PolicyExplainRequest): Promise<PolicyExplainReport> {
  return policyExplainReport(request.path, await loadPolicy(request.path));
}

export type { PolicyExplainRequest };
