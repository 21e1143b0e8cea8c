import { describe, expect, it } from 'vitest';
import { verifySubjectDigest } from '../../src/checks/subject-digest.js';
import { readProvenance } from '../../src/provenance/provenance.js';
import { codeOf, DIGEST, GENERIC, generatorV02, statement } from './fixtures.js';

const OTHER = '0'.repeat(64);
const prov = (subjects: Record<string, unknown>[]) => readProvenance(GENERIC, statement(generatorV02({ subjects })));

describe('verifySubjectDigest', () => {
  it('finds the artifact among the subjects', () => {
    expect(codeOf(() => verifySubjectDigest(prov([{ name: 'a', digest: { sha256: DIGEST } }]), DIGEST))).toBeUndefined();
    const many = prov([{ name: 'x', digest: { sha512: 'ab' } }, { name: 'b', digest: { sha256: OTHER } }, { name: 'a', digest: { sha256: DIGEST } }]);
    expect(codeOf(() => verifySubjectDigest(many, DIGEST))).toBeUndefined();
  });

  it('rejects another artifact, swapped subjects, case changes and other algorithms', () => {
    expect(codeOf(() => verifySubjectDigest(prov([{ name: 'a', digest: { sha256: OTHER } }]), DIGEST))).toBe('ErrorMismatchHash');
    expect(codeOf(() => verifySubjectDigest(prov([{ name: 'a', digest: { sha256: DIGEST.toUpperCase() } }]), DIGEST))).toBe('ErrorMismatchHash');
    expect(codeOf(() => verifySubjectDigest(prov([{ name: 'a', digest: { sha512: DIGEST } }]), DIGEST))).toBe('ErrorMismatchHash');
    expect(codeOf(() => verifySubjectDigest(prov([{ name: 'a', digest: { sha1: DIGEST } }]), DIGEST))).toBe('ErrorMismatchHash');
    expect(codeOf(() => verifySubjectDigest(prov([{ name: DIGEST, digest: {} }]), DIGEST))).toBe('ErrorMismatchHash');
  });

  it('fails closed with no subjects or a short digest', () => {
    expect(codeOf(() => verifySubjectDigest(prov([]), DIGEST))).toBe('ErrorInvalidDssePayload');
    expect(codeOf(() => verifySubjectDigest(prov([{ name: 'a', digest: { sha1: 'a'.repeat(40) } }]), 'a'.repeat(40)))).toBe('ErrorInvalidHash');
  });
});
