import { describe, expect, it } from 'vitest';
import { slsaTrackLevels, verifyVerifiedLevels } from '../../src/vsa/levels.js';
import { codeOf } from '../support/code-of.js';


describe('VSA levels', () => {
  it('keeps the highest level per track', () => {
    expect(slsaTrackLevels(['SLSA_BUILD_LEVEL_1', 'SLSA_BUILD_LEVEL_3', 'SLSA_SOURCE_LEVEL_2', 'BCID_L1'])).toEqual(
      new Map([['BUILD', 3], ['SOURCE', 2]]),
    );
  });

  it('treats expected track levels as minimums and other levels verbatim', () => {
    expect(codeOf(() => verifyVerifiedLevels(['SLSA_BUILD_LEVEL_2'], ['SLSA_BUILD_LEVEL_3']))).toBeUndefined();
    expect(codeOf(() => verifyVerifiedLevels(['SLSA_BUILD_LEVEL_3'], ['SLSA_BUILD_LEVEL_2']))).toBe('ErrorMismatchVerifiedLevels');
    expect(codeOf(() => verifyVerifiedLevels(['BCID_L1'], ['bcid_l1']))).toBe('ErrorMismatchVerifiedLevels');
    expect(codeOf(() => verifyVerifiedLevels([], ['SLSA_BUILD_LEVEL_X']))).toBe('ErrorInvalidSLSALevel');
    expect(codeOf(() => verifyVerifiedLevels(['SLSA_BUILD_2'], []))).toBe('ErrorInvalidSLSALevel');
  });
});
