import { describe, expect, it } from 'vitest';
import { attestationPolicy, checkAttestationPolicy } from '../../src/gh/policy.js';
import type { CertificateClaims } from '../../src/sigstore/certificate-claims.js';

const claims = (patch: Partial<CertificateClaims> = {}): CertificateClaims => ({
  subjectAlternativeName: 'https://github.com/o/r/.github/workflows/release.yml@refs/heads/main',
  subjectAlternativeNameKind: 'uri',
  issuer: 'https://token.actions.githubusercontent.com',
  issuerV2: 'https://token.actions.githubusercontent.com',
  githubWorkflowTrigger: undefined, githubWorkflowSha: undefined, githubWorkflowName: undefined, githubWorkflowRepository: undefined, githubWorkflowRef: undefined,
  buildSignerUri: 'https://github.com/o/r/.github/workflows/release.yml@refs/heads/main',
  buildSignerDigest: 'a'.repeat(40),
  runnerEnvironment: 'github-hosted',
  sourceRepositoryUri: 'https://github.com/o/r',
  sourceRepositoryDigest: 'a'.repeat(40),
  sourceRepositoryRef: 'refs/heads/main',
  sourceRepositoryIdentifier: '1', sourceRepositoryOwnerUri: 'https://github.com/o', sourceRepositoryOwnerIdentifier: '2',
  buildConfigUri: 'https://github.com/o/r/.github/workflows/release.yml@refs/heads/main', buildConfigDigest: 'a'.repeat(40),
  buildTrigger: 'push', runInvocationUri: 'https://github.com/o/r/actions/runs/1/attempts/1', sourceRepositoryVisibilityAtSigning: 'public',
  ...patch,
});

const code = (run: () => void): string | undefined => {
  try {
    run();
    return undefined;
  } catch (err) {
    return (err as { code?: string }).code;
  }
};

describe('gh attestation verify policy', () => {
  it("defaults as gh: SAN under the owner or repository, the owner's and repository's extensions, GitHub's issuer", () => {
    expect(code(() => checkAttestationPolicy(claims(), attestationPolicy({ owner: 'o' })))).toBeUndefined();
    expect(code(() => checkAttestationPolicy(claims(), attestationPolicy({ repo: 'O/R' })))).toBeUndefined();
    expect(code(() => checkAttestationPolicy(claims(), attestationPolicy({ owner: 'x' })))).toBe('ErrorMismatchCertificate');
    // The signer matches, the owner extension does not.
    expect(code(() => checkAttestationPolicy(claims({ sourceRepositoryOwnerUri: 'https://github.com/x' }), attestationPolicy({ owner: 'o' })))).toBe('ErrorMismatchSource');
    expect(code(() => checkAttestationPolicy(claims({ sourceRepositoryOwnerUri: undefined }), attestationPolicy({ owner: 'o' })))).toBe('ErrorMismatchSource');
    expect(code(() => checkAttestationPolicy(claims({ issuerV2: 'https://token.actions.githubusercontent.com/o' }), attestationPolicy({ owner: 'o' })))).toBe('ErrorInvalidOIDCIssuer');
  });

  it('escapes names: a dot in a repository name is no wildcard', () => {
    const dotted = claims({ subjectAlternativeName: 'https://github.com/o/rXjs/.github/workflows/w.yml@refs/heads/main', sourceRepositoryUri: 'https://github.com/o/rXjs' });
    expect(code(() => checkAttestationPolicy(dotted, attestationPolicy({ repo: 'o/r.js' })))).toBe('ErrorMismatchCertificate');
  });

  it('a --signer-workflow ends where the ref begins', () => {
    expect(code(() => checkAttestationPolicy(claims(), attestationPolicy({ owner: 'o', signerWorkflow: 'o/r/.github/workflows/release.yml' })))).toBeUndefined();
    expect(code(() => checkAttestationPolicy(claims(), attestationPolicy({ owner: 'o', signerWorkflow: 'o/r/.github/workflows/release' })))).toBe('ErrorMismatchCertificate');
    expect(code(() => checkAttestationPolicy(claims(), attestationPolicy({ owner: 'o', signerWorkflow: 'github.com/o/r/.github/workflows/release.yml@refs/heads/main' })))).toBeUndefined();
  });

  it('refuses flag combinations gh refuses, and a limit outside 1-1000', () => {
    for (const flags of [{}, { owner: 'o', repo: 'o/r' }, { repo: 'o' }, { owner: 'o/r' }, { owner: 'o', limit: 0 }, { owner: 'o', limit: 1001 }, { owner: 'o', limit: 1.5 },
      { owner: 'o', certIdentity: 'x', certIdentityRegex: 'y' }, { owner: 'o', signerRepo: 'a' }, { owner: 'o', sourceRef: '' }]) {
      expect(code(() => attestationPolicy(flags)), JSON.stringify(flags)).toBe('ErrorUsage');
    }
  });

  it('--deny-self-hosted-runners needs github-hosted exactly; an absent claim fails it', () => {
    const policy = attestationPolicy({ owner: 'o', denySelfHostedRunners: true });
    expect(code(() => checkAttestationPolicy(claims({ runnerEnvironment: 'self-hosted' }), policy))).toBe('ErrorMismatchBuilderID');
    expect(code(() => checkAttestationPolicy(claims({ runnerEnvironment: undefined }), policy))).toBe('ErrorMismatchBuilderID');
    expect(code(() => checkAttestationPolicy(claims({ runnerEnvironment: 'GitHub-Hosted' }), policy))).toBe('ErrorMismatchBuilderID');
  });
});
