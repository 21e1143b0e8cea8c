import { describe, expect, it } from 'vitest';
import { splitNameAndVersion, verifyPackageName, verifyPackageVersion, type PackageClaims } from '../../src/npm/package-identity.js';
import { codeOf } from '../support/code-of.js';

function claims(provenance = 'pkg:npm/%40scope/name@1.2.3', publish = 'pkg:npm/%40scope/name@1.2.3'): PackageClaims {
  return {
    provenanceSubjects: [{ name: provenance, digest: { sha512: 'aa' } }],
    publish: { _type: '', predicateType: '', subject: [{ name: publish, digest: {} }], predicate: { name: '@scope/name', version: '1.2.3' } },
    manifest: { name: '@scope/name', version: '1.2.3' },
  };
}


describe('npm package identity', () => {
  it('splits scoped and unscoped specs', () => {
    expect(splitNameAndVersion('@scope/name@1.2.3')).toEqual({ name: '@scope/name', version: '1.2.3' });
    expect(splitNameAndVersion('name@1.2.3')).toEqual({ name: 'name', version: '1.2.3' });
    expect(codeOf(() => splitNameAndVersion('a@b@c'))).toBe('ErrorInvalidPackageName');
  });

  it('checks every place the name and version are claimed', () => {
    expect(codeOf(() => verifyPackageName(claims(), '@scope/name'))).toBeUndefined();
    expect(codeOf(() => verifyPackageVersion(claims(), '1.2.3'))).toBeUndefined();
    expect(codeOf(() => verifyPackageName(claims('pkg:npm/%40scope/other@1.2.3'), '@scope/name'))).toBe('ErrorMismatchPackageName');
    expect(codeOf(() => verifyPackageName(claims(undefined, 'pkg:npm/%40scope/other@1.2.3'), '@scope/name'))).toBe('ErrorMismatchPackageName');
    expect(codeOf(() => verifyPackageVersion(claims(undefined, 'pkg:npm/%40scope/name@1.2.4'), '1.2.3'))).toBe('ErrorMismatchPackageVersion');
    expect(codeOf(() => verifyPackageName(claims('npm:%40scope/name@1.2.3'), '@scope/name'))).toBe('ErrorInvalidPackageName');
    expect(codeOf(() => verifyPackageName(claims('pkg:npm/%zz@1'), '@scope/name'))).toBe('ErrorInvalidEncoding');
  });
});
