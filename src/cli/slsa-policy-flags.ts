import { VerifyError } from '../errors/index.js';

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

/** `key=value`, exactly one `=`, as slsa-verifier requires. */
export function parseWorkflowInputs(pairs: string[]): Record<string, string> {
  const inputs: Record<string, string> = {};
  for (const pair of pairs) {
    const parts = pair.split('=');
    if (parts.length !== 2) {
      throw new VerifyError('ErrorInvalidFormat', `expected 'key=value' format, got '${pair}'`);
    }
    inputs[parts[0]!] = parts[1]!;
  }
  return inputs;
}
