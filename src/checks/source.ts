import { VerifyError } from '../errors/index.js';
import { BUILD_TYPES } from '../provenance/builders.js';
import { normalizeGitUri, parseGitUriAndRef } from '../provenance/git.js';
import type { ProvenanceClaims } from '../provenance/provenance.js';

/**
 * The provenance's trigger and source must both be --source-uri, exactly
 * (slsa-verifier's verifySourceURI): "github.com/o/r" is read as
 * "git+https://github.com/o/r" and compared whole, so a fork, a prefix
 * ("o/r2") or another host fails. Both must carry the same "@ref", except
 * that a BYOB build may omit the ref of its source.
 *
 * Returns the provenance's full source URI.
 */
export function verifySourceUri(prov: ProvenanceClaims, expectedSourceUri: string): string {
  const source = normalizeGitUri(expectedSourceUri);
  if (prov.kind === 'generic') return verifyGenericSource(prov, source);
  if (!source.startsWith('git+https://github.com/')) {
    throw new VerifyError('ErrorMalformedURI', `expected source github.com repository "${source}"`, { actual: source });
  }

  if (!prov.triggerUri.ok) throw prov.triggerUri.error;
  const fullTrigger = prov.triggerUri.value;
  const trigger = parseGitUriAndRef(fullTrigger);
  if (trigger.uri !== source) {
    throw new VerifyError('ErrorMismatchSource', `expected trigger "${fullTrigger}" (${prov.triggerUriField}) to match source-uri "${source}"`, {
      expected: source,
      actual: trigger.uri,
    });
  }
  if (trigger.ref === '') throw new VerifyError('ErrorMalformedURI', `missing ref: "${fullTrigger}"`, { actual: fullTrigger });

  if (!prov.sourceUri.ok) throw prov.sourceUri.error;
  const fullSource = prov.sourceUri.value;
  const built = parseGitUriAndRef(fullSource);
  if (built.uri !== source) {
    throw new VerifyError('ErrorMismatchSource', `expected source "${fullSource}" (${prov.sourceUriField}) to match source-uri "${source}"`, {
      expected: source,
      actual: built.uri,
    });
  }

  if (built.ref === '') {
    // A BYOB tool may build another commit than the one that triggered it
    // (e.g. after a release commit); npm provenance before GA had no ref.
    if (prov.buildType === BUILD_TYPES.npmCliV0 || prov.buildType === BUILD_TYPES.npmCliV1 || prov.buildType === BUILD_TYPES.byobV0) return fullSource;
    throw new VerifyError('ErrorMalformedURI', `missing ref: "${fullSource}"`, { actual: fullSource });
  }

  if (fullTrigger !== fullSource) {
    throw new VerifyError('ErrorInvalidDssePayload', `source and trigger URIs do not match: "${fullTrigger}" != "${fullSource}"`, {
      expected: fullTrigger,
      actual: fullSource,
    });
  }
  return fullSource;
}

/**
 * A custom builder's source (generic-provenance.ts) may live on any git host
 * and need not name a ref; its repository must still be --source-uri exactly.
 */
function verifyGenericSource(prov: ProvenanceClaims, source: string): string {
  if (!prov.sourceUri.ok) throw prov.sourceUri.error;
  const built = parseGitUriAndRef(prov.sourceUri.value);
  if (built.uri !== source) {
    throw new VerifyError('ErrorMismatchSource', `expected source "${prov.sourceUri.value}" (${prov.sourceUriField}) to match source-uri "${source}"`, {
      expected: source,
      actual: built.uri,
    });
  }
  return prov.sourceUri.value;
}
