import { describe, expect, it } from 'vitest';
import { verifyTag } from '../../src/checks/tag.js';
import { readProvenance } from '../../src/provenance/provenance.js';
import { codeOf, GENERIC, generatorV02, statement } from './fixtures.js';

const onTag = (tag: string) => readProvenance(GENERIC, statement(generatorV02({ ref: `refs/tags/${tag}` })));

describe('verifyTag', () => {
  it('matches the exact tag', () => {
    expect(codeOf(() => verifyTag(onTag('v1.2.3'), 'v1.2.3'))).toBeUndefined();
  });

  it('rejects near misses', () => {
    expect(codeOf(() => verifyTag(onTag('v1.2.3'), 'v1.2'))).toBe('ErrorMismatchTag');
    expect(codeOf(() => verifyTag(onTag('v1.2'), 'v1.2.3'))).toBe('ErrorMismatchTag');
    expect(codeOf(() => verifyTag(onTag('v1.2.3'), 'V1.2.3'))).toBe('ErrorMismatchTag');
    expect(codeOf(() => verifyTag(onTag('v1.2.3'), 'refs/tags/v1.2.3'))).toBe('ErrorMismatchTag');
  });

  it('fails with ErrorInvalidRef for a branch build', () => {
    const branch = readProvenance(GENERIC, statement(generatorV02({ ref: 'refs/heads/main', refType: 'branch' })));
    expect(codeOf(() => verifyTag(branch, 'v1.2.3'))).toBe('ErrorInvalidRef');
  });
});
