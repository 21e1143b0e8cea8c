import { describe, expect, it } from 'vitest';
import { experimentalEnabled, goParseBoolEnv, testingEnabled } from '../../src/checks/env.js';

describe('environment switches', () => {
  it('reads values as Go strconv.ParseBool', () => {
    for (const v of ['1', 't', 'T', 'true', 'TRUE', 'True']) expect(goParseBoolEnv(v), v).toBe(true);
    for (const v of [undefined, '', '0', 'false', 'yes', 'on', ' 1', 'tRUE']) expect(goParseBoolEnv(v), String(v)).toBe(false);
  });

  it('reads SLSA_VERIFIER_TESTING and SLSA_VERIFIER_EXPERIMENTAL', () => {
    expect(testingEnabled({ SLSA_VERIFIER_TESTING: '1' })).toBe(true);
    expect(testingEnabled({ SLSA_VERIFIER_EXPERIMENTAL: '1' })).toBe(false);
    expect(experimentalEnabled({ SLSA_VERIFIER_EXPERIMENTAL: 'true' })).toBe(true);
  });
});
