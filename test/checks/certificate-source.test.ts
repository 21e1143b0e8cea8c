import { describe, expect, it } from 'vitest';
import { verifyCertificateSourceRepository } from '../../src/checks/certificate-source.js';
import { workflowIdentityFromCertificate } from '../../src/checks/workflow-identity.js';
import { certClaims, codeOf } from './fixtures.js';

const id = workflowIdentityFromCertificate(certClaims({ repo: 'octo-org/octo-repo' }));

describe('verifyCertificateSourceRepository', () => {
  it('accepts github.com/o/r and git+https://github.com/o/r', () => {
    expect(codeOf(() => verifyCertificateSourceRepository(id, 'github.com/octo-org/octo-repo'))).toBeUndefined();
    expect(codeOf(() => verifyCertificateSourceRepository(id, 'git+https://github.com/octo-org/octo-repo'))).toBeUndefined();
  });

  it('rejects https://github.com/o/r, as slsa-verifier v2.7 does', () => {
    expect(codeOf(() => verifyCertificateSourceRepository(id, 'https://github.com/octo-org/octo-repo'))).toBe('ErrorMismatchSource');
  });

  it('rejects forks, prefixes, suffixes and case changes', () => {
    for (const uri of [
      'github.com/fork/octo-repo',
      'github.com/octo-org/octo-repo2',
      'github.com/octo-org/octo-rep',
      'github.com/octo-org/octo-repo/',
      'github.com/Octo-Org/octo-repo',
      'Agithub.com/octo-org/octo-repo',
      'gitlab.com/octo-org/octo-repo',
      'octo-org',
      '',
    ]) {
      expect(codeOf(() => verifyCertificateSourceRepository(id, uri)), uri).toBe('ErrorMismatchSource');
    }
  });
});
