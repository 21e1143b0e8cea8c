import { describe, expect, it } from 'vitest';
import { verifyBranch } from '../../src/checks/branch.js';
import { readProvenance } from '../../src/provenance/provenance.js';
import { codeOf, GENERIC, generatorV02, statement } from './fixtures.js';

const onBranch = (branch: string) => readProvenance(GENERIC, statement(generatorV02({ ref: `refs/heads/${branch}`, refType: 'branch' })));

describe('verifyBranch', () => {
  it('matches the exact branch', () => {
    expect(codeOf(() => verifyBranch(onBranch('main'), 'main'))).toBeUndefined();
    expect(codeOf(() => verifyBranch(onBranch('feat/x'), 'feat/x'))).toBeUndefined();
  });

  it('rejects other branches', () => {
    expect(codeOf(() => verifyBranch(onBranch('main'), 'main2'))).toBe('ErrorMismatchBranch');
    expect(codeOf(() => verifyBranch(onBranch('main2'), 'main'))).toBe('ErrorMismatchBranch');
    expect(codeOf(() => verifyBranch(onBranch('main'), 'Main'))).toBe('ErrorMismatchBranch');
    expect(codeOf(() => verifyBranch(onBranch('main'), 'refs/heads/main'))).toBe('ErrorMismatchBranch');
  });

  it('uses the branch a tag came from, and fails when it is unknown', () => {
    const tag = readProvenance(GENERIC, statement(generatorV02()));
    expect(codeOf(() => verifyBranch(tag, 'main'))).toBeUndefined();
    const fromCommit = readProvenance(GENERIC, statement(generatorV02({ payload: { base_ref: null } })));
    expect(codeOf(() => verifyBranch(fromCommit, 'main'))).toBe('ErrorInvalidRef');
  });
});
