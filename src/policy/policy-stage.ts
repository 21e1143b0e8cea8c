import { VerifyError } from '../errors/index.js';
import type { ArtifactVerdict } from '../pipeline/judge-artifact.js';
import { enforcePolicy } from './enforce.js';
import { loadPolicy } from './load-policy.js';
import { checkFlagsNarrow, type NarrowingFlags } from './narrow-flags.js';
import type { PolicyFile } from './schema.js';
import { selectRules } from './select-rules.js';

/**
 * --policy for verify-artifact: loads the file, refuses flags that widen it
 * (for the top level and every package entry an artifact name selects), and
 * returns the stage run on each verdict once slsa-verifier's checks passed.
 */
export async function preparePolicy(path: string, flags: NarrowingFlags, artifactLabels: readonly string[]): Promise<(v: ArtifactVerdict) => void> {
  const policy = await loadPolicy(path);
  checkFlagsNarrow(flags, selectRules(policy, []).rules, '');
  for (const label of artifactLabels) {
    const { rules, packageMatch } = selectRules(policy, [label]);
    if (packageMatch !== undefined) checkFlagsNarrow(flags, rules, ` for package '${packageMatch}'`);
  }
  return (verdict) => enforceFor(policy, verdict);
}

function enforceFor(policy: PolicyFile, verdict: ArtifactVerdict): void {
  const names = [verdict.path, ...(verdict.matchedSubject !== undefined ? [verdict.matchedSubject] : [])];
  try {
    enforcePolicy(verdict, selectRules(policy, names).rules);
  } catch (err) {
    // Fail closed: a stage that could not run is a failure.
    verdict.ok = false;
    verdict.error = err instanceof VerifyError ? err : new VerifyError('ErrorInternal', String(err));
  }
}
