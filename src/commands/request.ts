import type { SlsaPolicy } from '../checks/run-checks.js';
import { VerifyError } from '../errors/index.js';
import { emptyRecord } from '../input/own-record.js';
import type { SourceExpectations } from './requests.js';

export type { Network, SourceExpectations, TrustedRootInput } from './requests.js';

export function slsaPolicyOf(request: SourceExpectations): SlsaPolicy & { workflowInputs: Record<string, string> } {
  return {
    sourceUri: request.sourceUri,
    sourceBranch: request.sourceBranch,
    sourceTag: request.sourceTag,
    sourceVersionedTag: request.sourceVersionedTag,
    builderId: request.builderId,
    workflowInputs: workflowInputsOf(request.workflowInputs),
  };
}

/**
 * A library caller's request is typed, but JavaScript callers can pass
 * anything: the fields every provenance request needs are checked, so a
 * string where a list belongs is refused rather than iterated by character.
 */
export function checkProvenanceRequest(request: { artifacts: unknown; sourceUri: unknown }): void {
  if (!Array.isArray(request.artifacts) || request.artifacts.some((a) => typeof a !== 'string')) {
    throw new VerifyError('ErrorUsage', 'artifacts must be a list of paths or digests');
  }
  if (typeof request.sourceUri !== 'string') throw new VerifyError('ErrorUsage', 'sourceUri must be a string');
}

/** A caller's inputs copied into a map without prototype ("__proto__" is an input like any other); values must be strings. */
function workflowInputsOf(inputs: Record<string, string> | undefined): Record<string, string> {
  const out = emptyRecord<string>();
  for (const [key, value] of Object.entries(inputs ?? {})) {
    if (typeof value !== 'string') throw new VerifyError('ErrorUsage', `workflow input '${key}' must be a string`);
    out[key] = value;
  }
  return out;
}
