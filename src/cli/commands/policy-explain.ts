import { EXIT } from '../exit-codes.js';
import { usageFailure } from '../usage.js';
import { colorFor } from '../color.js';
import { explainText } from '../render/policy-text.js';
import { writeJson } from '../write-json.js';
import { policyExplainReport } from '../../commands/policy-explain.js';
import { loadPolicy } from '../../policy/load-policy.js';

export interface ExplainFlags {
  format: 'text' | 'json';
  color: boolean;
}

/** `policy explain FILE`: what verify-artifact --policy FILE will enforce. An invalid policy is exit 2. */
export async function runPolicyExplain(path: string, flags: ExplainFlags): Promise<number> {
  try {
    const policy = await loadPolicy(path);
    if (flags.format === 'json') writeJson(policyExplainReport(path, policy));
    else process.stdout.write(explainText(path, policy, colorFor(process.stdout, flags.color)));
    return EXIT.verified;
  } catch (err) {
    return usageFailure('policy explain', err, flags.format);
  }
}
