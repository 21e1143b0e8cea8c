import { describe, expect, it } from 'vitest';
import { CHECK_IDS, runSlsaChecks, type SlsaChecksInput, type SlsaPolicy } from '../../src/checks/run-checks.js';
import {
  attestationV1,
  BCR_PUBLISHER,
  byobV1,
  bytes,
  certClaims,
  DELEGATOR,
  DIGEST,
  GENERIC,
  generatorV02,
  MAVEN,
  REPO,
  SHA,
  statement,
  withField,
} from './fixtures.js';

const POLICY: SlsaPolicy = { sourceUri: `github.com/${REPO}` };

function input(over: Partial<SlsaChecksInput> = {}): SlsaChecksInput {
  return {
    command: 'verify-artifact',
    certificate: certClaims(),
    statement: statement(generatorV02()),
    artifactDigests: { sha256: DIGEST },
    policy: POLICY,
    testing: false,
    ...over,
  };
}

const failed = (over: Partial<SlsaChecksInput>) => {
  const out = runSlsaChecks(input(over));
  return { code: out.error?.code, at: out.checks.find((c) => c.status === 'fail')?.id };
};

describe('runSlsaChecks: verify-artifact', () => {
  it('passes a good generic-generator provenance and reports builder and commit', () => {
    const out = runSlsaChecks(input());
    expect(out.ok).toBe(true);
    expect(out.error).toBeUndefined();
    expect(out.builderId).toBe(`${GENERIC}@refs/tags/v2.1.0`);
    expect(out.commit).toBe(SHA);
    expect(out.sourceUri).toBe(`git+https://github.com/${REPO}@refs/tags/v1.2.3`);
    expect(out.checks.map((c) => c.id)).toEqual([...CHECK_IDS]);
    expect(out.checks.filter((c) => c.status === 'skipped').map((c) => c.id)).toEqual(['branch', 'tag', 'versioned-tag', 'workflow-inputs']);
  });

  it('runs every requested check', () => {
    const policy: SlsaPolicy = { ...POLICY, sourceBranch: 'main', sourceTag: 'v1.2.3', sourceVersionedTag: 'v1.2', builderId: `${GENERIC}@v2.1.0` };
    const out = runSlsaChecks(input({ policy }));
    expect(out.ok).toBe(true);
    expect(out.checks.every((c) => c.status === 'pass' || c.id === 'workflow-inputs')).toBe(true);
  });

  it('stops at the first failure and skips the rest', () => {
    const out = runSlsaChecks(input({ policy: { ...POLICY, sourceUri: 'github.com/fork/octo-repo', sourceBranch: 'main2' } }));
    expect(out.ok).toBe(false);
    expect(out.error?.code).toBe('ErrorMismatchSource');
    expect(out.builderId).toBeUndefined();
    const fail = out.checks.findIndex((c) => c.status === 'fail');
    expect(out.checks[fail]?.id).toBe('certificate-source');
    expect(out.checks.slice(fail + 1).every((c) => c.status === 'skipped')).toBe(true);
  });

  it('returns the sentinel of the first failing check, in slsa-verifier order', () => {
    expect(failed({ certificate: certClaims({}, { githubWorkflowRepository: 'a/b' }) })).toEqual({ code: 'ErrorInvalidFormat', at: 'certificate-identity' });
    expect(failed({ certificate: certClaims({}, { issuer: 'x', issuerV2: 'x' }) })).toEqual({ code: 'ErrorInvalidOIDCIssuer', at: 'oidc-issuer' });
    expect(failed({ certificate: certClaims({ san: `${GENERIC}.evil@refs/tags/v2.1.0` }) })).toEqual({ code: 'ErrorUntrustedReusableWorkflow', at: 'trusted-builder' });
    expect(failed({ certificate: certClaims({ san: `${GENERIC}@refs/heads/main` }) })).toEqual({ code: 'ErrorInvalidRef', at: 'builder-ref' });
    expect(failed({ statement: statement(byobV1()) })).toEqual({ code: 'ErrorInvalidBuilderID', at: 'provenance-format' });
    expect(failed({ statement: statement(generatorV02({ builderId: `${GENERIC}@refs/tags/v2.0.0` })) })).toEqual({ code: 'ErrorMismatchBuilderID', at: 'builder-id' });
    expect(failed({ statement: statement(generatorV02({ repo: 'fork/octo-repo' })) })).toEqual({ code: 'ErrorMismatchSource', at: 'source' });
    expect(failed({ artifactDigests: { sha256: '0'.repeat(64) } })).toEqual({ code: 'ErrorMismatchHash', at: 'subject-digest' });
    // A sha512-only artifact is compared in sha512 (the generator subjects carry none).
    expect(failed({ artifactDigests: { sha512: 'a'.repeat(128) } })).toEqual({ code: 'ErrorMismatchHash', at: 'subject-digest' });
    expect(failed({ artifactDigests: {} })).toEqual({ code: 'ErrorInvalidHash', at: 'subject-digest' });
    expect(failed({ policy: { ...POLICY, sourceBranch: 'main2' } })).toEqual({ code: 'ErrorMismatchBranch', at: 'branch' });
    expect(failed({ policy: { ...POLICY, sourceTag: 'v1.2' } })).toEqual({ code: 'ErrorMismatchTag', at: 'tag' });
    expect(failed({ policy: { ...POLICY, sourceVersionedTag: 'v1.3' } })).toEqual({ code: 'ErrorMismatchVersionedTag', at: 'versioned-tag' });
    expect(failed({ policy: { ...POLICY, sourceVersionedTag: '1.2' } })).toEqual({ code: 'ErrorInvalidSemver', at: 'versioned-tag' });
    expect(failed({ policy: { ...POLICY, workflowInputs: { a: 'b' } } })).toEqual({ code: 'ErrorMismatchWorkflowInputs', at: 'workflow-inputs' });
  });

  it('checks the certificate before the provenance, as slsa-verifier', () => {
    // Both the builder and the subject are wrong: the builder is reported.
    const out = failed({ certificate: certClaims({ san: `${GENERIC}.evil@refs/tags/v2.1.0` }), artifactDigests: { sha256: '0'.repeat(64) } });
    expect(out.code).toBe('ErrorUntrustedReusableWorkflow');
  });

  it('parses an unparsed payload at slsa-verifier\'s step', () => {
    const raw = { payloadType: 'application/vnd.in-toto+json', payload: bytes('{') };
    expect(failed({ statement: raw })).toEqual({ code: 'ErrorInvalidDssePayload', at: 'provenance-format' });
    expect(failed({ statement: raw, certificate: certClaims({ san: `${GENERIC}.evil@refs/tags/v2.1.0` }) }).code).toBe('ErrorUntrustedReusableWorkflow');
    expect(runSlsaChecks(input({ statement: { payloadType: 'application/vnd.in-toto+json', payload: bytes(generatorV02()) } })).ok).toBe(true);
  });

  it('honours testing mode for slsa-framework repositories only', () => {
    const e2e = {
      certificate: certClaims({ san: `${GENERIC}@refs/heads/main`, repo: 'slsa-framework/example-package' }),
      statement: statement(generatorV02({ repo: 'slsa-framework/example-package', builderId: `${GENERIC}@refs/heads/main` })),
      policy: { sourceUri: 'github.com/slsa-framework/example-package' },
    };
    expect(runSlsaChecks(input({ ...e2e, testing: true })).ok).toBe(true);
    expect(failed({ ...e2e, testing: false })).toEqual({ code: 'ErrorInvalidRef', at: 'builder-ref' });
  });

  it('verifies BYOB provenance through the delegator', () => {
    const byob = { certificate: certClaims({ san: `${DELEGATOR}@refs/tags/v2.1.0` }), statement: statement(byobV1()) };
    const out = runSlsaChecks(input(byob));
    expect(out.ok).toBe(true);
    expect(out.builderId).toBe(`${MAVEN}@refs/tags/v2.1.0`);
    expect(runSlsaChecks(input({ ...byob, policy: { ...POLICY, builderId: `${MAVEN}@v2.1.0`, sourceTag: 'v1.2.3', sourceBranch: 'main' } })).ok).toBe(true);
    expect(failed({ ...byob, policy: { ...POLICY, builderId: `${GENERATOR_NOT_TRUSTED}` } })).toEqual({ code: 'ErrorMismatchBuilderID', at: 'builder-id' });
  });

  it('fails closed on an unsupported buildType for the builder', () => {
    const wrong = statement(withField(generatorV02(), 'predicate.buildType', 'https://github.com/slsa-framework/slsa-github-generator/go@v1'));
    expect(failed({ statement: wrong })).toEqual({ code: 'ErrorInvalidBuildType', at: 'provenance-format' });
  });
});

const GENERATOR_NOT_TRUSTED = 'https://github.com/slsa-framework/slsa-github-generator/.github/workflows/not-trusted.yml';

describe('runSlsaChecks: verify-github-attestation', () => {
  const bcr = {
    command: 'verify-github-attestation' as const,
    certificate: certClaims({ san: `${BCR_PUBLISHER}@refs/tags/v0.0.1`, trigger: 'workflow_dispatch', ref: 'refs/heads/main' }),
    statement: statement(attestationV1()),
  };

  it('passes with --builder-id', () => {
    const out = runSlsaChecks(input({ ...bcr, policy: { ...POLICY, builderId: BCR_PUBLISHER } }));
    expect(out.ok).toBe(true);
    expect(out.builderId).toBe(`${BCR_PUBLISHER}@refs/tags/v0.0.1`);
  });

  it('has no default trusted builders: no or empty --builder-id is untrusted', () => {
    expect(failed({ ...bcr })).toEqual({ code: 'ErrorUntrustedReusableWorkflow', at: 'trusted-builder' });
    expect(failed({ ...bcr, policy: { ...POLICY, builderId: '' } })).toEqual({ code: 'ErrorUntrustedReusableWorkflow', at: 'trusted-builder' });
    // Not even slsa-github-generator's builders.
    expect(failed({ command: 'verify-github-attestation' })).toEqual({ code: 'ErrorUntrustedReusableWorkflow', at: 'trusted-builder' });
  });

  it('rejects another signer', () => {
    const other = certClaims({ san: 'https://github.com/evil/publish-to-bcr/.github/workflows/publish.yaml@refs/tags/v0.0.1' });
    expect(failed({ ...bcr, certificate: other, policy: { ...POLICY, builderId: BCR_PUBLISHER } })).toEqual({ code: 'ErrorUntrustedReusableWorkflow', at: 'trusted-builder' });
  });
});
