import { describe, expect, it } from 'vitest';
import { isValidBuilderTag, isValidJreleaserBuilderTag, parseBuilderId, TrustedBuilderId } from '../../src/checks/builder-id.js';
import { codeOf, GENERIC } from './fixtures.js';

describe('parseBuilderId', () => {
  it('splits name and version', () => {
    expect(parseBuilderId(`${GENERIC}@refs/tags/v1.2.3`, true)).toEqual({ name: GENERIC, version: 'refs/tags/v1.2.3' });
    expect(parseBuilderId(GENERIC, false)).toEqual({ name: GENERIC, version: '' });
  });

  it('rejects a missing, empty or doubled version', () => {
    expect(codeOf(() => parseBuilderId(GENERIC, true))).toBe('ErrorInvalidFormat');
    expect(codeOf(() => parseBuilderId(`${GENERIC}@`, false))).toBe('ErrorInvalidFormat');
    expect(codeOf(() => parseBuilderId(`${GENERIC}@v1@v2`, false))).toBe('ErrorInvalidFormat');
  });
});

describe('TrustedBuilderId', () => {
  const cert = new TrustedBuilderId(`${GENERIC}@refs/tags/v1.2.3`, true);

  it('matches name, name@vX.Y.Z and name@refs/tags/vX.Y.Z loosely', () => {
    expect(codeOf(() => cert.matchesLoose(GENERIC, true))).toBeUndefined();
    expect(codeOf(() => cert.matchesLoose(`${GENERIC}@v1.2.3`, true))).toBeUndefined();
    expect(codeOf(() => cert.matchesLoose(`${GENERIC}@refs/tags/v1.2.3`, true))).toBeUndefined();
    expect(cert.toString()).toBe(`${GENERIC}@refs/tags/v1.2.3`);
  });

  it('rejects other versions, short forms without allowRef, and prefix tricks', () => {
    expect(codeOf(() => cert.matchesLoose(`${GENERIC}@v1.2.4`, true))).toBe('ErrorMismatchBuilderID');
    expect(codeOf(() => cert.matchesLoose(`${GENERIC}@v1.2`, true))).toBe('ErrorMismatchBuilderID');
    expect(codeOf(() => cert.matchesLoose(`${GENERIC}@v1.2.3`, false))).toBe('ErrorMismatchBuilderID');
    expect(codeOf(() => cert.matchesLoose(`${GENERIC}.evil`, true))).toBe('ErrorMismatchBuilderID');
    expect(codeOf(() => cert.matchesLoose(GENERIC.slice(0, -4), true))).toBe('ErrorMismatchBuilderID');
    expect(codeOf(() => cert.matchesLoose(GENERIC.replace('slsa-github-generator', 'slsa-github-generatorX'), true))).toBe('ErrorMismatchBuilderID');
    expect(codeOf(() => cert.matchesLoose(GENERIC.toUpperCase(), true))).toBe('ErrorMismatchBuilderID');
    expect(codeOf(() => cert.matchesLoose('', true))).toBe('ErrorMismatchBuilderID');
  });

  it('matches fully only with the same version', () => {
    expect(codeOf(() => cert.matchesFull(`${GENERIC}@refs/tags/v1.2.3`, true))).toBeUndefined();
    expect(codeOf(() => cert.matchesFull(GENERIC, true))).toBe('ErrorMismatchBuilderID');
    expect(codeOf(() => cert.matchesFull(`${GENERIC}@refs/tags/v1.2.4`, true))).toBe('ErrorMismatchBuilderID');
    const bare = new TrustedBuilderId(GENERIC, false);
    expect(codeOf(() => bare.matchesFull(`${GENERIC}@refs/tags/v1.2.3`, true))).toBe('ErrorMismatchBuilderID');
  });
});

describe('isValidBuilderTag', () => {
  it('accepts refs/tags/vX.Y.Z only', () => {
    expect(codeOf(() => isValidBuilderTag('refs/tags/v1.2.3', false))).toBeUndefined();
    for (const ref of ['refs/tags/v1.2', 'refs/tags/v1', 'refs/tags/v1.2.3-rc.1', 'refs/tags/v1.2.3+b', 'refs/heads/main', 'v1.2.3', 'refs/tags/1.2.3']) {
      expect(codeOf(() => isValidBuilderTag(ref, false)), ref).toBe('ErrorInvalidRef');
    }
  });

  it('allows a prerelease in testing mode, but not build metadata or short versions', () => {
    expect(codeOf(() => isValidBuilderTag('refs/tags/v1.2.3-rc.1', true))).toBeUndefined();
    expect(codeOf(() => isValidBuilderTag('refs/tags/v1.2.3+b', true))).toBe('ErrorInvalidRef');
    expect(codeOf(() => isValidBuilderTag('refs/tags/v1.2', true))).toBe('ErrorInvalidRef');
    expect(codeOf(() => isValidBuilderTag('refs/heads/main', true))).toBe('ErrorInvalidRef');
  });

  it('accepts JReleaser tags vX.Y.Z-java only', () => {
    expect(codeOf(() => isValidJreleaserBuilderTag('refs/tags/v1.2.3-java'))).toBeUndefined();
    expect(codeOf(() => isValidJreleaserBuilderTag('refs/tags/v1.2.3'))).toBe('ErrorInvalidRef');
    expect(codeOf(() => isValidJreleaserBuilderTag('refs/tags/v1.2-java'))).toBe('ErrorInvalidRef');
    expect(codeOf(() => isValidJreleaserBuilderTag('refs/tags/v1.2.3-go'))).toBe('ErrorInvalidRef');
  });
});
