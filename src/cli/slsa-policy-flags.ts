import type { SlsaPolicy } from '../checks/run-checks.js';
import { VerifyError } from '../errors/index.js';
import { emptyRecord } from '../input/own-record.js';

/** The source and builder flags every provenance command shares, spelled as slsa-verifier spells them. */
export interface SlsaPolicyFlags {
  sourceUri: string;
  sourceBranch?: string;
  sourceTag?: string;
  sourceVersionedTag?: string;
  builderId?: string;
  buildWorkflowInput: string[];
  printProvenance?: boolean;
  trustedRoot?: string;
  format: 'text' | 'json';
}

export function slsaPolicyFromFlags(flags: SlsaPolicyFlags, workflowInputs: Record<string, string>): SlsaPolicy {
  return {
    sourceUri: flags.sourceUri,
    sourceBranch: flags.sourceBranch,
    sourceTag: flags.sourceTag,
    sourceVersionedTag: flags.sourceVersionedTag,
    builderId: flags.builderId,
    workflowInputs,
  };
}

/**
 * `key=value`, exactly one `=`, as slsa-verifier requires. The map has no
 * prototype, so an input named "__proto__" or "constructor" is checked like
 * any other. An empty name (no workflow input has one) and a name given
 * twice (slsa-verifier silently keeps the last) are refused.
 */
export function parseWorkflowInputs(pairs: string[]): Record<string, string> {
  const inputs = emptyRecord<string>();
  for (const pair of pairs) {
    const parts = pair.split('=');
    if (parts.length !== 2) {
      throw new VerifyError('ErrorInvalidFormat', `expected 'key=value' format, got '${pair}'`);
    }
    const [name, value] = parts as [string, string];
    if (name === '') throw new VerifyError('ErrorInvalidFormat', `workflow input '${pair}' has an empty name`);
    if (Object.hasOwn(inputs, name)) throw new VerifyError('ErrorInvalidFormat', `workflow input '${name}' is given twice`);
    inputs[name] = value;
  }
  return inputs;
}
