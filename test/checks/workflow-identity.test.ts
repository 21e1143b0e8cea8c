import { describe, expect, it } from 'vitest';
import { subjectWorkflowName, subjectWorkflowRef, workflowIdentityFromCertificate } from '../../src/checks/workflow-identity.js';
import { certClaims, codeOf, GENERIC, REPO, SHA } from './fixtures.js';

describe('workflowIdentityFromCertificate', () => {
  it('reads a consistent certificate', () => {
    const id = workflowIdentityFromCertificate(certClaims());
    expect(id.sourceRepository).toBe(REPO);
    expect(id.sourceSha1).toBe(SHA);
    expect(id.buildTrigger).toBe('push');
    expect(id.issuer).toBe('https://token.actions.githubusercontent.com');
    expect(id.buildConfigPath).toBe('.github/workflows/release.yml');
    expect(id.runId).toBe('13530999644/attempts/1');
    expect(id.runnerEnvironment).toBe('github-hosted');
    expect(subjectWorkflowName(id.subjectWorkflow)).toBe(GENERIC);
    expect(subjectWorkflowRef(id.subjectWorkflow)).toBe('refs/tags/v2.1.0');
  });

  it('accepts old certificates (1.2-1.6 only) and new ones (1.8+ only)', () => {
    const old = certClaims({}, {
      issuerV2: undefined, buildTrigger: undefined, sourceRepositoryDigest: undefined, sourceRepositoryUri: undefined,
      buildConfigDigest: undefined, buildConfigUri: undefined, runInvocationUri: undefined,
    });
    expect(workflowIdentityFromCertificate(old).sourceRepository).toBe(REPO);
    const fresh = certClaims({}, {
      issuer: undefined, githubWorkflowTrigger: undefined, githubWorkflowSha: undefined, githubWorkflowRepository: undefined,
    });
    expect(workflowIdentityFromCertificate(fresh).sourceSha1).toBe(SHA);
  });

  it('rejects old and new OIDs that disagree', () => {
    expect(codeOf(() => workflowIdentityFromCertificate(certClaims({}, { githubWorkflowRepository: 'octo-org/fork' })))).toBe('ErrorInvalidFormat');
    expect(codeOf(() => workflowIdentityFromCertificate(certClaims({}, { sourceRepositoryUri: 'https://github.com/octo-org/octo-repo2' })))).toBe('ErrorInvalidFormat');
    expect(codeOf(() => workflowIdentityFromCertificate(certClaims({}, { githubWorkflowSha: 'c'.repeat(40) })))).toBe('ErrorInvalidFormat');
    expect(codeOf(() => workflowIdentityFromCertificate(certClaims({}, { buildConfigDigest: 'c'.repeat(40) })))).toBe('ErrorInvalidFormat');
    expect(codeOf(() => workflowIdentityFromCertificate(certClaims({}, { githubWorkflowTrigger: 'workflow_dispatch' })))).toBe('ErrorInvalidFormat');
    expect(codeOf(() => workflowIdentityFromCertificate(certClaims({}, { issuer: 'https://evil.example' })))).toBe('ErrorInvalidFormat');
  });

  it('rejects certificates missing a required claim', () => {
    expect(codeOf(() => workflowIdentityFromCertificate(certClaims({}, { githubWorkflowTrigger: undefined, buildTrigger: undefined })))).toBe('ErrorInvalidFormat');
    expect(codeOf(() => workflowIdentityFromCertificate(certClaims({}, { githubWorkflowSha: undefined, sourceRepositoryDigest: undefined })))).toBe('ErrorInvalidFormat');
    expect(codeOf(() => workflowIdentityFromCertificate(certClaims({}, { issuer: undefined, issuerV2: undefined })))).toBe('ErrorInvalidFormat');
  });

  it('requires the caller workflow to live in the source repository', () => {
    const elsewhere = certClaims({}, { buildConfigUri: 'https://github.com/other/repo/.github/workflows/release.yml@refs/tags/v1' });
    expect(codeOf(() => workflowIdentityFromCertificate(elsewhere))).toBe('ErrorInvalidFormat');
    const noRef = certClaims({}, { buildConfigUri: `https://github.com/${REPO}/.github/workflows/release.yml` });
    expect(codeOf(() => workflowIdentityFromCertificate(noRef))).toBe('ErrorInvalidFormat');
  });

  it('rejects a workflow URI it cannot read unambiguously', () => {
    expect(codeOf(() => workflowIdentityFromCertificate(certClaims({ san: 'https://github.com' })))).toBe('ErrorInvalidFormat');
    expect(codeOf(() => workflowIdentityFromCertificate(certClaims({ san: `${GENERIC}@refs/tags/v1?x=1` })))).toBe('ErrorMalformedURI');
    expect(codeOf(() => workflowIdentityFromCertificate(certClaims({ san: `${GENERIC}%40refs/tags/v1` })))).toBe('ErrorMalformedURI');
    expect(codeOf(() => workflowIdentityFromCertificate(certClaims({ san: 'not a uri' })))).toBe('ErrorMalformedURI');
  });
});

describe('workflowIdentityFromCertificate on an email SAN', () => {
  it('refuses it as no workflow, even with every GitHub claim present', () => {
    const email = certClaims({}, { subjectAlternativeName: 'sa@p.iam.gserviceaccount.com', subjectAlternativeNameKind: 'email' });
    expect(codeOf(() => workflowIdentityFromCertificate(email))).toBe('ErrorInvalidCertificate');
  });
});
