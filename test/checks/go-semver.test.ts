import { describe, expect, it } from 'vitest';
import { build, canonical, isValid, major, prerelease } from '../../src/checks/go-semver.js';

describe('Go x/mod/semver', () => {
  it('accepts Go semver including the v1 / v1.2 shorthands', () => {
    for (const v of ['v1', 'v1.2', 'v1.2.3', 'v0.0.0', 'v1.2.3-alpha', 'v1.2.3-alpha.1', 'v1.2.3+build.5', 'v1.2.3-rc.1+b', 'v123456789012345678901234567890.0.0']) {
      expect(isValid(v), v).toBe(true);
    }
  });

  it('rejects what Go rejects', () => {
    for (const v of ['', '1.2.3', 'V1.2.3', '=v1.2.3', ' v1.2.3', 'v1.2.3 ', 'v01.2.3', 'v1.02.3', 'v1.2.03', 'v1-alpha', 'v1.2-alpha', 'v1+123', 'v1.2+123', 'v1.2.3-', 'v1.2.3-01', 'v1.2.3-a..b', 'v1.2.3+', 'v1.2.3+a..b', 'v1.2.3.4', 'vslsa1']) {
      expect(isValid(v), v).toBe(false);
    }
  });

  it('canonicalizes like Go', () => {
    expect(canonical('v1')).toBe('v1.0.0');
    expect(canonical('v1.2')).toBe('v1.2.0');
    expect(canonical('v1.2.3+build')).toBe('v1.2.3');
    expect(canonical('v1.2.3-rc.1+build')).toBe('v1.2.3-rc.1');
    expect(canonical('1.2.3')).toBe('');
    expect(major('v1.2.3')).toBe('v1');
    expect(major('bad')).toBe('');
    expect(prerelease('v1.2.3-rc.1+b')).toBe('-rc.1');
    expect(build('v1.2.3-rc.1+b.2')).toBe('+b.2');
  });
});
