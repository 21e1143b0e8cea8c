import { describe, expect, it } from 'vitest';
import { expectedPublisher, verifyCertificatePublisher } from '../../src/pypi/publisher-policy.js';
import type { CertificateClaims } from '../../src/sigstore/certificate-claims.js';
import { codeOf } from '../support/code-of.js';

const SHA = 'a'.repeat(40);

function claims(overrides: Partial<CertificateClaims>): CertificateClaims {
  const none = Object.fromEntries(
    ['issuer', 'githubWorkflowTrigger', 'githubWorkflowSha', 'githubWorkflowName', 'githubWorkflowRepository', 'githubWorkflowRef', 'issuerV2',
      'buildSignerUri', 'buildSignerDigest', 'runnerEnvironment', 'sourceRepositoryUri', 'sourceRepositoryDigest', 'sourceRepositoryRef',
      'sourceRepositoryIdentifier', 'sourceRepositoryOwnerUri', 'sourceRepositoryOwnerIdentifier', 'buildConfigUri', 'buildConfigDigest',
      'buildTrigger', 'runInvocationUri', 'sourceRepositoryVisibilityAtSigning'].map((k) => [k, undefined]),
  );
  return { ...none, subjectAlternativeName: 'https://example.test', ...overrides } as CertificateClaims;
}

const gitlab = claims({
  issuerV2: 'https://gitlab.com',
  sourceRepositoryUri: 'https://gitlab.com/group/sub/project',
  sourceRepositoryDigest: SHA,
  sourceRepositoryRef: 'refs/tags/v1',
  buildConfigUri: `https://gitlab.com/group/sub/project//ci/release.yml@${SHA}`,
});

describe('Trusted Publisher policies', () => {
  it.each(['github.com/o/r', 'https://github.com/o', 'https://github.com/o/r/', 'https://github.com/o/r?x', 'https://gitlab.com/../r', 'https://example.com/o/r'])(
    'rejects --repository %s as a usage error',
    (url) => expect(codeOf(() => expectedPublisher(url, undefined, undefined))).toBe('ErrorUsage'),
  );

  it('rejects a GitHub --workflow that is a path', () => {
    expect(codeOf(() => expectedPublisher('https://github.com/o/r', '.github/workflows/release.yml', undefined))).toBe('ErrorUsage');
  });

  it('checks a GitLab certificate as pypi-attestations does', () => {
    const expected = expectedPublisher('https://gitlab.com/group/sub/project', 'ci/release.yml', undefined);
    expect(verifyCertificatePublisher(gitlab, expected)).toBe('ci/release.yml');
    expect(verifyCertificatePublisher(gitlab, { ...expected, workflow: undefined })).toBe('ci/release.yml');
    expect(codeOf(() => verifyCertificatePublisher(gitlab, { ...expected, workflow: '.gitlab-ci.yml' }))).toBe('ErrorMismatchPublisher');
    expect(codeOf(() => verifyCertificatePublisher({ ...gitlab, sourceRepositoryRef: undefined }, expected))).toBe('ErrorInvalidCertificate');
    expect(codeOf(() => verifyCertificatePublisher({ ...gitlab, issuerV2: 'https://gitlab.example' }, expected))).toBe('ErrorInvalidOIDCIssuer');
    expect(codeOf(() => verifyCertificatePublisher({ ...gitlab, sourceRepositoryUri: 'https://gitlab.com/group/sub/project2' }, expected))).toBe('ErrorMismatchSource');
  });

  it('requires the GitHub build config to be a workflow of the repository at the signed ref or digest', () => {
    const expected = expectedPublisher('https://github.com/o/r', undefined, undefined);
    const github = claims({
      issuerV2: 'https://token.actions.githubusercontent.com',
      sourceRepositoryUri: 'https://github.com/o/r',
      sourceRepositoryRef: 'refs/heads/main',
      buildConfigUri: 'https://github.com/o/r/.github/workflows/release.yml@refs/heads/main',
    });
    expect(verifyCertificatePublisher(github, expected)).toBe('release.yml');
    expect(codeOf(() => verifyCertificatePublisher({ ...github, buildConfigUri: 'https://github.com/o/other/.github/workflows/release.yml@refs/heads/main' }, expected))).toBe('ErrorMismatchPublisher');
    expect(codeOf(() => verifyCertificatePublisher({ ...github, buildConfigUri: 'https://github.com/o/r/.github/workflows/release.yml@refs/heads/dev' }, expected))).toBe('ErrorMismatchPublisher');
    expect(codeOf(() => verifyCertificatePublisher({ ...github, issuer: 'https://accounts.google.com' }, expected))).toBe('ErrorInvalidOIDCIssuer');
  });
});
