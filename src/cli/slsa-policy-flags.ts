import type { SlsaPolicy } from '../checks/run-checks.js';

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
