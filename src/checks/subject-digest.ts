import { VerifyError } from '../errors/index.js';
import type { ProvenanceClaims } from '../provenance/provenance.js';

/**
 * Some subject must carry the artifact's digest (slsa-verifier's
 * verifyDigest). The algorithm follows from the digest's length (64 hex ->
 * sha256) and the comparison is exact: slsa-verifier writes lowercase hex, so
 * a subject in uppercase does not match.
 */
export function verifySubjectDigest(prov: ProvenanceClaims, expectedHex: string): void {
  if (!prov.subjects.ok) throw prov.subjects.error;
  const bits = expectedHex.length * 4;
  if (bits < 256) {
    throw new VerifyError('ErrorInvalidHash', `expected minimum 256-bit. Got ${bits}`, { actual: expectedHex });
  }
  const algorithm = `sha${bits}`;
  for (const subject of prov.subjects.value) {
    if (Object.prototype.hasOwnProperty.call(subject.digest, algorithm) && subject.digest[algorithm] === expectedHex) return;
  }
  throw new VerifyError('ErrorMismatchHash', `expected hash '${expectedHex}' not found`, {
    expected: `${algorithm}:${expectedHex}`,
    actual: prov.subjects.value.map((s) => `${s.name}=${s.digest[algorithm] ?? '(none)'}`).join(', '),
  });
}
