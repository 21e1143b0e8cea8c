import type { SlsaPolicy } from '../checks/run-checks.js';
import { VerifyError } from '../errors/index.js';
import type { SourceExpectations } from './requests.js';

export type { Network, SourceExpectations, TrustedRootInput } from './requests.js';

export function slsaPolicyOf(request: SourceExpectations): SlsaPolicy & { workflowInputs: Record<string, string> } {
  return {
    sourceUri: request.sourceUri,
    sourceBranch: request.sourceBranch,
    sourceTag: request.sourceTag,
    sourceVersionedTag: request.sourceVersionedTag,
    builderId: request.builderId,
    workflowInputs: request.workflowInputs ?? {},
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
