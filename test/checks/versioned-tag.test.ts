import { describe, expect, it } from 'vitest';
import { compareVersionedTag, verifyVersionedTag } from '../../src/checks/versioned-tag.js';
import { readProvenance } from '../../src/provenance/provenance.js';
import { codeOf, GENERIC, generatorV02, statement } from './fixtures.js';

const check = (provenanceTag: string, expected: string) => codeOf(() => compareVersionedTag(provenanceTag, expected));

describe('compareVersionedTag (slsa-verifier rules)', () => {
  it('matches on the components the user gives', () => {
    const passes: [string, string][] = [
      ['v1.2.3', 'v1.2.3'], ['v1.2.3', 'v1.2'], ['v1.2.3', 'v1'], ['v1.2', 'v1.2'], ['v1.2', 'v1'],
      ['v1.2', 'v1.2.0'], ['v1.2', 'v1.2.0+123'], ['v1', 'v1'], ['v1', 'v1.0'], ['v1', 'v1.0.0'],
      ['v1.2.3-alpha', 'v1.2.3-alpha'], ['v1.2.3-alpha+123', 'v1.2.3-alpha'], ['v1.2.3-alpha+123', 'v1.2.3-alpha+456'],
      ['v1.2.3-alpha', 'v1.2.3-alpha+123'], ['v1.2.3+123', 'v1.2.3'], ['v1.2.3+123', 'v1.2.3+456'], ['v1.2.3', 'v1.2.3+123'],
      ['v1.2.3-rc.1', 'v1.2'], ['v13.0.30', 'v13'],
    ];
    for (const [tag, expected] of passes) expect(check(tag, expected), `${tag} ~ ${expected}`).toBeUndefined();
  });

  it('rejects other versions', () => {
    const fails: [string, string][] = [
      ['v1.2.3', 'v2'], ['v1.2.3', 'v1.3'], ['v1.2.3', 'v1.2.4'], ['v1.2.3', 'v1.2.2'], ['v1.3', 'v1.1'], ['v1.3', 'v0'],
      ['v1.2', 'v1.3'], ['v1.2', 'v1.2.3'], ['v1.2.3-alpha', 'v1.2.3'], ['v1.2.3-alpha', 'v1.2.3-beta+123'],
      ['v1.2.3+123', 'v1.2.3-alpha+123'], ['v1.2.3+123', 'v1.2.3-alpha'], ['v1.2.3', 'v1.2.3-alpha'], ['v1.2.3-alpha', 'v1.2.3-beta'],
      ['v1.2', 'v1.2.3-beta'], ['v1.2', 'v1.2.0-alpha+123'], ['v1', 'v1.2'], ['v1', 'v1.2.3'], ['v13.0.29', 'v13.0.30'],
      // slsa-verifier never matches an expected build with dots: it compares "3+build" with "3".
      ['v1.2.3', 'v1.2.3+build.5'],
    ];
    for (const [tag, expected] of fails) expect(check(tag, expected), `${tag} !~ ${expected}`).toBe('ErrorMismatchVersionedTag');
  });

  it('requires semantic versions on both sides', () => {
    for (const expected of ['1.2', 'vslsa1', 'v1.2-alpha', 'v1-alpha', 'v1+123', 'v1.2+123', 'v1-alpha+123', 'v1.2-alpha+123', 'V1', '']) {
      expect(check('v1.2', expected), expected).toBe('ErrorInvalidSemver');
    }
    expect(check('vslsa1', 'v1.2.3')).toBe('ErrorInvalidSemver');
    expect(check('1.2.3', 'v1')).toBe('ErrorInvalidSemver');
  });

  it('compares the whole prerelease (deviation: slsa-verifier looks only up to its first dot)', () => {
    expect(check('v1.2.3-rc.1', 'v1.2.3-rc.1')).toBeUndefined();
    expect(check('v1.2.3-rc.2', 'v1.2.3-rc.1')).toBe('ErrorMismatchVersionedTag');
    expect(check('v1.2.3-alpha.5', 'v1.2.3-alpha')).toBe('ErrorMismatchVersionedTag');
  });
});

describe('verifyVersionedTag', () => {
  it('reads the tag from the provenance', () => {
    const prov = readProvenance(GENERIC, statement(generatorV02({ ref: 'refs/tags/v14.2.1' })));
    expect(codeOf(() => verifyVersionedTag(prov, 'v14.2'))).toBeUndefined();
    expect(codeOf(() => verifyVersionedTag(prov, 'v14.3'))).toBe('ErrorMismatchVersionedTag');
  });

  it('fails with ErrorInvalidRef for a branch build', () => {
    const prov = readProvenance(GENERIC, statement(generatorV02({ ref: 'refs/heads/main', refType: 'branch' })));
    expect(codeOf(() => verifyVersionedTag(prov, 'v1'))).toBe('ErrorInvalidRef');
  });
});
