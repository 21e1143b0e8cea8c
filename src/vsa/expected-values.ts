import { VerifyError } from '../errors/index.js';
import { verifyVerifiedLevels } from './levels.js';
import type { Vsa } from './statement.js';

export interface VsaPolicy {
  /** "type:value", e.g. "sha256:abc..." or "gce_image_id:123". */
  subjectDigests: readonly string[];
  verifierId: string;
  resourceUri: string;
  verifiedLevels: readonly string[];
}

export type VsaCheckId = 'subject-digests' | 'verifier-id' | 'resource-uri' | 'verification-result' | 'verified-levels';

/** slsa-verifier's matchExpectedValues, in its order; each entry throws on mismatch. */
export const VSA_CHECKS: readonly { id: VsaCheckId; run: (vsa: Vsa, policy: VsaPolicy) => { expected?: string; actual?: string } }[] = [
  { id: 'subject-digests', run: matchSubjectDigests },
  {
    id: 'verifier-id',
    run: (vsa, policy) => {
      const actual = vsa.predicate.verifier.id;
      if (actual === '') throw new VerifyError('ErrorEmptyRequiredField', 'no verifier ID found in the VSA');
      if (actual !== policy.verifierId) {
        throw new VerifyError('ErrorMismatchVerifierID', `wanted ${policy.verifierId}, got ${actual}`, { expected: policy.verifierId, actual });
      }
      return { expected: policy.verifierId, actual };
    },
  },
  {
    id: 'resource-uri',
    run: (vsa, policy) => {
      const actual = vsa.predicate.resourceUri;
      if (actual === '') throw new VerifyError('ErrorEmptyRequiredField', 'no resourceUri found in the VSA');
      if (actual !== policy.resourceUri) {
        throw new VerifyError('ErrorMismatchResourceURI', `wanted ${policy.resourceUri}, got ${actual}`, { expected: policy.resourceUri, actual });
      }
      return { expected: policy.resourceUri, actual };
    },
  },
  {
    id: 'verification-result',
    run: (vsa) => {
      const actual = vsa.predicate.verificationResult;
      if (actual !== 'PASSED') throw new VerifyError('ErrorInvalidVerificationResult', `verification result is not PASSED: ${actual}`, { expected: 'PASSED', actual });
      return { expected: 'PASSED', actual };
    },
  },
  {
    id: 'verified-levels',
    run: (vsa, policy) => {
      verifyVerifiedLevels(policy.verifiedLevels, vsa.predicate.verifiedLevels);
      return { expected: policy.verifiedLevels.join(','), actual: vsa.predicate.verifiedLevels.join(',') };
    },
  },
];

function matchSubjectDigests(vsa: Vsa, policy: VsaPolicy): { expected: string } {
  if (policy.subjectDigests.length === 0) throw new VerifyError('ErrorEmptyRequiredField', 'no subject digests provided');
  const attested = new Map<string, Set<string>>();
  for (const subject of vsa.subject) {
    for (const [type, value] of Object.entries(subject.digest)) {
      if (!attested.has(type)) attested.set(type, new Set());
      attested.get(type)!.add(value);
    }
  }
  if (attested.size === 0) throw new VerifyError('ErrorInvalidDssePayload', 'no subject digests found in the VSA');
  for (const digest of policy.subjectDigests) {
    const colon = digest.indexOf(':');
    if (colon < 0) throw new VerifyError('ErrorInvalidDssePayload', `expected digest ${digest} is not in the format <digest type>:<digest value>`);
    if (!attested.get(digest.slice(0, colon))?.has(digest.slice(colon + 1))) {
      throw new VerifyError('ErrorMissingSubjectDigest', `expected digest not found: ${digest}`, { expected: digest });
    }
  }
  return { expected: policy.subjectDigests.join(',') };
}
