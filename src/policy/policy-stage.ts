import { isDigestArgument } from '../artifacts/digest-argument.js';
import { VerifyError } from '../errors/index.js';
import type { ArtifactVerdict } from '../pipeline/judge-artifact.js';
import { enforcePolicy } from './enforce.js';
import { loadPolicy } from './load-policy.js';
import { checkFlagsNarrow, type NarrowingFlags } from './narrow-flags.js';
import type { PolicyFile } from './schema.js';
import { selectRules, type RuleTarget } from './select-rules.js';

/**
 * --policy for verify-artifact: loads the file, refuses flags that widen it
 * (for the top level and every package entry an artifact name selects), and
 * returns the stage run on each verdict once slsa-verifier's checks passed.
 */
export async function preparePolicy(path: string, flags: NarrowingFlags, artifactLabels: readonly string[]): Promise<(v: ArtifactVerdict) => void> {
  const policy = await loadPolicy(path);
  checkFlagsNarrow(flags, selectRules(policy, undefined).rules, '');
  for (const label of artifactLabels) {
    const { rules, packageMatch } = selectRules(policy, ruleTarget(label));
    if (packageMatch !== undefined) checkFlagsNarrow(flags, rules, ` for package '${packageMatch}'`);
  }
  return (verdict) => enforceFor(policy, verdict);
}

/**
 * The rules are chosen by the artifact's label (the path or `--checksums`
 * name the user gave), never by the subject name the statement carries. A
 * digest argument names nothing: the top-level rules apply.
 */
function ruleTarget(label: string): RuleTarget | undefined {
  return isDigestArgument(label) ? undefined : { kind: 'artifact', name: label };
}

function enforceFor(policy: PolicyFile, verdict: ArtifactVerdict): void {
  try {
    enforcePolicy(verdict, selectRules(policy, ruleTarget(verdict.path)).rules);
  } catch (err) {
    // Fail closed: a stage that could not run is a failure.
    verdict.ok = false;
    verdict.error = err instanceof VerifyError ? err : new VerifyError('ErrorInternal', String(err));
  }
}
