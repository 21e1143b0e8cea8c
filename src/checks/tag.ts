import { VerifyError } from '../errors/index.js';
import { tagFromGitRef } from '../provenance/git.js';
import type { ProvenanceClaims } from '../provenance/provenance.js';
import { withContext } from './context.js';

/**
 * --source-tag: the provenance's tag ref must be refs/tags/<tag>, exactly.
 * A build from a branch has no tag ref: that is ErrorInvalidRef.
 */
export function verifyTag(prov: ProvenanceClaims, expectedTag: string): void {
  if (!prov.tagRef.ok) throw prov.tagRef.error;
  const ref = prov.tagRef.value;
  const tag = withContext(() => tagFromGitRef(ref), 'verifying tag');
  if (tag !== expectedTag) {
    throw new VerifyError('ErrorMismatchTag', `expected tag '${expectedTag}', got '${tag}'`, { expected: expectedTag, actual: tag });
  }
}
