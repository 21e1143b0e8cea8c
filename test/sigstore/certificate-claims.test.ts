import { X509Certificate } from '@sigstore/core';
import { describe, expect, it } from 'vitest';
import { workflowIdentityFromCertificate } from '../../src/checks/workflow-identity.js';
import { slsaBuildLevel } from '../../src/policy/slsa-level.js';
import { certificateClaims } from '../../src/sigstore/certificate-claims.js';
import { deriveKeyPair } from '../../src/tools/fixtures/keys.js';
import { createCertificateAuthority, FULCIO_OID_PREFIX, issueLeaf } from '../../src/tools/fixtures/pki.js';
import { codeOf } from '../support/code-of.js';

const NOT_BEFORE = new Date('2025-01-01T00:00:00Z');
const ca = createCertificateAuthority({
  label: 'claims-test', organization: 'slsa-verify-fixtures', rootCommonName: 'claims-root',
  intermediateCommonName: 'claims-intermediate', notBefore: NOT_BEFORE, notAfter: new Date('2035-01-01T00:00:00Z'),
});

function leaf(san: string, sanKind: 'uri' | 'email'): X509Certificate {
  const der = issueLeaf(ca, {
    subjectKey: deriveKeyPair(`claims-${sanKind}-${san}`, 'P-256'),
    san,
    sanKind,
    extensions: [1, 8].map((arc) => ({ oid: `${FULCIO_OID_PREFIX}.${arc}`, value: 'https://accounts.google.com' })),
    notBefore: NOT_BEFORE,
    notAfter: new Date(NOT_BEFORE.getTime() + 600_000),
    serial: 0x42n,
  });
  return X509Certificate.parse(Buffer.from(der));
}

describe('certificateClaims', () => {
  it('reads a URI SAN as kind uri', () => {
    const claims = certificateClaims(leaf('https://github.com/o/r/.github/workflows/w.yml@refs/tags/v1', 'uri'));
    expect(claims.subjectAlternativeName).toBe('https://github.com/o/r/.github/workflows/w.yml@refs/tags/v1');
    expect(claims.subjectAlternativeNameKind).toBe('uri');
  });

  it('reads an email SAN as kind email, with the issuer', () => {
    const claims = certificateClaims(leaf('sa@p.iam.gserviceaccount.com', 'email'));
    expect(claims).toMatchObject({ subjectAlternativeName: 'sa@p.iam.gserviceaccount.com', subjectAlternativeNameKind: 'email' });
    expect(claims.issuer).toBe('https://accounts.google.com');
    expect(claims.issuerV2).toBe('https://accounts.google.com');
  });

  it.each(['uri', 'email'] as const)('refuses a certificate whose only (%s) SAN is empty', (kind) => {
    expect(codeOf(() => certificateClaims(leaf('', kind)))).toBe('ErrorInvalidCertificate');
  });

  it('keeps every GitHub consumer closed on an email SAN', () => {
    const claims = certificateClaims(leaf('https://github.com/slsa-framework/slsa-github-generator/x@example.com', 'email'));
    let message = '';
    try {
      workflowIdentityFromCertificate(claims);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(codeOf(() => workflowIdentityFromCertificate(claims))).toBe('ErrorInvalidCertificate');
    expect(message).toMatch(/email address .* not a GitHub Actions workflow URI/);
    expect(slsaBuildLevel({ ...claims, runnerEnvironment: 'github-hosted' })).toBe(1);
  });
});
