import { describe, expect, it } from 'vitest';
import { expectedPublisher, expectedServiceAccount, verifyCertificatePublisher, verifyRecordedPublisher } from '../../src/pypi/publisher-policy.js';
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
  return { ...none, subjectAlternativeName: 'https://example.test', subjectAlternativeNameKind: 'uri', ...overrides } as CertificateClaims;
}

const gitlab = claims({
  issuerV2: 'https://gitlab.com',
  sourceRepositoryUri: 'https://gitlab.com/group/sub/project',
  sourceRepositoryDigest: SHA,
  sourceRepositoryRef: 'refs/tags/v1',
  buildConfigUri: `https://gitlab.com/group/sub/project//ci/release.yml@${SHA}`,
});

describe('Trusted Publisher policies', () => {
  it.each([
    'https://github.com/o', 'https://github.com/o/r/', 'https://github.com/o/r?x', 'https://gitlab.com/../r', 'https://example.com/o/r',
    'github.com/o', 'github.com/o/r/', 'github.com/o/r.git/x', 'http://github.com/o/r', 'git+https://github.com/o/r', 'GitHub.com/o/r', '//github.com/o/r', 'example.com/github.com/o/r',
  ])('rejects --repository %s as a usage error', (url) => expect(codeOf(() => expectedPublisher(url, undefined, undefined))).toBe('ErrorUsage'));

  it('accepts github.com/o/r as --source-uri is written, and means exactly https://github.com/o/r', () => {
    expect(expectedPublisher('github.com/o/r', undefined, undefined)).toEqual(expectedPublisher('https://github.com/o/r', undefined, undefined));
    expect(expectedPublisher('gitlab.com/group/sub/project', undefined, undefined)).toMatchObject({ kind: 'GitLab', repositoryUrl: 'https://gitlab.com/group/sub/project' });
  });

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

  describe('GooglePublisher (Identity policy: email SAN, issuer accounts.google.com)', () => {
    const SA = 'sa@p.iam.gserviceaccount.com';
    const ISSUER = 'https://accounts.google.com';
    const expected = expectedServiceAccount(SA);
    const google = claims({ subjectAlternativeName: SA, subjectAlternativeNameKind: 'email', issuer: ISSUER, issuerV2: ISSUER });

    it('accepts the email SAN with the Google issuer in 1.8, 1.1 or both', () => {
      expect(verifyCertificatePublisher(google, expected)).toBeUndefined();
      expect(verifyCertificatePublisher({ ...google, issuer: undefined }, expected)).toBeUndefined();
      expect(verifyCertificatePublisher({ ...google, issuerV2: undefined }, expected)).toBeUndefined();
    });

    it('rejects a missing or foreign issuer', () => {
      expect(codeOf(() => verifyCertificatePublisher({ ...google, issuer: undefined, issuerV2: undefined }, expected))).toBe('ErrorInvalidOIDCIssuer');
      expect(codeOf(() => verifyCertificatePublisher({ ...google, issuer: 'https://evil.example' }, expected))).toBe('ErrorInvalidOIDCIssuer');
    });

    it('requires an email SAN equal to the service account', () => {
      expect(codeOf(() => verifyCertificatePublisher({ ...google, subjectAlternativeName: 'SA@p.iam.gserviceaccount.com' }, expected))).toBe('ErrorMismatchPublisher');
      expect(codeOf(() => verifyCertificatePublisher({ ...google, subjectAlternativeNameKind: 'uri' }, expected))).toBe('ErrorMismatchPublisher');
    });

    it('refuses an email-SAN certificate for a repository publisher', () => {
      const github = claims({
        subjectAlternativeName: SA, subjectAlternativeNameKind: 'email', issuerV2: 'https://token.actions.githubusercontent.com',
        sourceRepositoryUri: 'https://github.com/o/r', sourceRepositoryRef: 'refs/heads/main',
        buildConfigUri: 'https://github.com/o/r/.github/workflows/release.yml@refs/heads/main',
      });
      expect(codeOf(() => verifyCertificatePublisher(github, expectedPublisher('https://github.com/o/r', undefined, undefined)))).toBe('ErrorInvalidCertificate');
    });

    it('requires the recorded publisher to be Google with the same email', () => {
      expect(codeOf(() => verifyRecordedPublisher({ kind: 'Google', email: SA }, expected, undefined))).toBeUndefined();
      expect(codeOf(() => verifyRecordedPublisher({ kind: 'Google', email: 'other@p.iam.gserviceaccount.com' }, expected, undefined))).toBe('ErrorMismatchPublisher');
      expect(codeOf(() => verifyRecordedPublisher({ kind: 'GitHub', repository: 'o/r', workflow: 'release.yml' }, expected, undefined))).toBe('ErrorMismatchPublisher');
      const repo = expectedPublisher('https://github.com/o/r', undefined, undefined);
      expect(codeOf(() => verifyRecordedPublisher({ kind: 'Google', email: SA }, repo, 'release.yml'))).toBe('ErrorMismatchPublisher');
    });

    it.each(['', 'sa', 'a@b@c', 'sa @p.iam.gserviceaccount.com'])('rejects --service-account %j as a usage error', (email) => {
      expect(codeOf(() => expectedServiceAccount(email))).toBe('ErrorUsage');
    });
  });
});
