import type { SlsaPolicy } from '../checks/run-checks.js';
import { VerifyError } from '../errors/index.js';
import type { TrustRoot } from '../sigstore/trusted-root.js';

/**
 * Whether a command may open a socket (Rekor for a bare DSSE envelope, an OCI
 * registry). The library default is 'never': evidence that needs a lookup then
 * fails closed, as with the CLI's --offline.
 */
export type Network = 'never' | 'allowed';

/** The trust material: loaded once with loadTrustedRoot() and reused, or the path of a trusted_root.json. */
export type TrustedRootInput = TrustRoot | string;

/** What the provenance must say, spelled as slsa-verifier's flags (--source-uri, --builder-id, ...). */
export interface SourceExpectations {
  sourceUri: string;
  sourceBranch?: string | undefined;
  sourceTag?: string | undefined;
  sourceVersionedTag?: string | undefined;
  /** Without it, slsa-verifier's default trusted builders. */
  builderId?: string | undefined;
  /** --build-workflow-input key=value pairs. */
  workflowInputs?: Record<string, string> | undefined;
}

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
