import { describe, expect, it } from 'vitest';
import { builderAllowed } from '../../src/policy/builder-rule.js';
import { tagVersion, tagViolation } from '../../src/policy/tag-rule.js';

describe('tagVersion', () => {
  it('reads vX.Y.Z and X.Y.Z with prereleases, exactly', () => {
    expect(tagVersion('v1.2.3')).toBe('1.2.3');
    expect(tagVersion('1.2.3')).toBe('1.2.3');
    expect(tagVersion('v1.2.3-rc.1')).toBe('1.2.3-rc.1');
  });

  it('refuses v1.2, build metadata, doubled v, blanks and leading zeros', () => {
    for (const tag of ['v1.2', 'v1', 'v1.2.3+evil', '1.2.3+build.5', 'vv1.2.3', 'V1.2.3', ' 1.2.3', '1.2.3 ', '=1.2.3', 'v01.2.3', 'v1.2.3.4', '']) {
      expect(tagVersion(tag), JSON.stringify(tag)).toBeUndefined();
    }
  });
});

describe('tagViolation', () => {
  const exact = { semver: '1.2.3' };
  it('does not let build metadata pose as an exact pin, and keeps prereleases out unless allowed', () => {
    expect(tagViolation('v1.2.3', exact)).toBeUndefined();
    expect(tagViolation('v1.2.3+evil', exact)?.code).toBe('ErrorMismatchVersionedTag');
    expect(tagViolation('v1.2', { semver: '^1.2.0' })?.code).toBe('ErrorMismatchVersionedTag');
    expect(tagViolation('v1.3.0-rc.1', { semver: '>=1.0.0' })?.code).toBe('ErrorMismatchVersionedTag');
    expect(tagViolation('v1.3.0-rc.1', { semver: '>=1.0.0', allowPrerelease: true })).toBeUndefined();
    expect(tagViolation('v2.0.0', { semver: '^1.0.0' })?.code).toBe('ErrorMismatchVersionedTag');
  });

  it('matches tag globs whole: v1.2* is not v1.20', () => {
    expect(tagViolation('v1.20.0', ['v1.2.*'])?.code).toBe('ErrorMismatchTag');
    expect(tagViolation('v1.2.3', ['v1.2.*'])).toBeUndefined();
  });
});

describe('builderAllowed', () => {
  const id = 'https://github.com/o/b/.github/workflows/b.yml';
  it('reads the builder version from its release tag exactly', () => {
    expect(builderAllowed(`${id}@refs/tags/v2.1.0`, [{ id, version: '2.1.0' }])).toBe(true);
    expect(builderAllowed(`${id}@refs/tags/v2.1.0+evil`, [{ id, version: '2.1.0' }])).toBe(false);
    expect(builderAllowed(`${id}@refs/tags/v2.1`, [{ id, version: '>=2.0.0' }])).toBe(false);
    expect(builderAllowed(`${id}@refs/heads/v2.1.0`, [{ id, version: '2.1.0' }])).toBe(false);
    expect(builderAllowed(`${id}x@refs/tags/v2.1.0`, [{ id }])).toBe(false);
  });
});
