import { EXIT } from '../cli/exit-codes.js';
import { usageFailure } from '../cli/usage.js';
import { colorFor } from '../inspect/color.js';
import { explainJson, explainText } from './explain.js';
import { loadPolicy } from './load-policy.js';

export interface ExplainFlags {
  format: 'text' | 'json';
  color: boolean;
}

/** `policy explain FILE`: what verify-artifact --policy FILE will enforce. An invalid policy is exit 2. */
export async function runPolicyExplain(path: string, flags: ExplainFlags): Promise<number> {
  try {
    const policy = await loadPolicy(path);
    process.stdout.write(flags.format === 'json' ? explainJson(path, policy) : explainText(path, policy, colorFor(process.stdout, flags.color)));
    return EXIT.verified;
  } catch (err) {
    return usageFailure('policy explain', err, flags.format);
  }
}
