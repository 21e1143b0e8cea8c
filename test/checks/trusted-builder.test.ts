import { describe, expect, it } from 'vitest';
import { verifyOidcIssuer, verifyTrustedBuilder, verifyTrustedBuilderRef } from '../../src/checks/trusted-builder.js';
import { workflowIdentityFromCertificate } from '../../src/checks/workflow-identity.js';
import { DEFAULT_ARTIFACT_TRUSTED_WORKFLOWS, DEFAULT_BYOB_WORKFLOWS } from '../../src/provenance/builders.js';
import { BCR_PUBLISHER, certClaims, codeOf, DELEGATOR, GENERIC, GO_BUILDER, LOWPERMS_DELEGATOR } from './fixtures.js';

const ARTIFACT_DEFAULTS = new Set([...DEFAULT_ARTIFACT_TRUSTED_WORKFLOWS, ...DEFAULT_BYOB_WORKFLOWS]);
const NONE = new Set<string>();
const identity = (san: string, repo?: string) => workflowIdentityFromCertificate(certClaims({ san, ...(repo ? { repo } : {}) }));

describe('verifyOidcIssuer', () => {
  it('requires GitHub Actions as issuer', () => {
    expect(codeOf(() => verifyOidcIssuer(identity(`${GENERIC}@refs/tags/v2.1.0`)))).toBeUndefined();
    const other = workflowIdentityFromCertificate(certClaims({}, { issuer: 'https://accounts.google.com', issuerV2: 'https://accounts.google.com' }));
    expect(codeOf(() => verifyOidcIssuer(other))).toBe('ErrorInvalidOIDCIssuer');
  });
});

describe('verifyTrustedBuilder', () => {
  it('trusts the default artifact builders without --builder-id', () => {
    for (const builder of [GENERIC, GO_BUILDER]) {
      const got = verifyTrustedBuilder(identity(`${builder}@refs/tags/v2.1.0`), undefined, ARTIFACT_DEFAULTS);
      expect(got).toMatchObject({ byob: false });
      expect(got.builder.toString()).toBe(`${builder}@refs/tags/v2.1.0`);
    }
  });

  it('treats an empty --builder-id as not given', () => {
    expect(verifyTrustedBuilder(identity(`${GENERIC}@refs/tags/v2.1.0`), '', ARTIFACT_DEFAULTS).byob).toBe(false);
  });

  it('does not trust other workflows by default, including look-alikes', () => {
    const lookAlikes = [
      `${GENERIC}.evil`,
      GENERIC.replace('slsa-github-generator', 'slsa-github-generatorX'),
      GENERIC.replace('slsa-framework', 'slsa-framew0rk'),
      GENERIC.replace('https://github.com/', 'https://github.com.evil.com/'),
      'https://github.com/octo-org/octo-repo/.github/workflows/release.yml',
      'https://github.com/slsa-framework/slsa-github-generator/.github/workflows/generator_container_slsa3.yml',
    ];
    for (const w of lookAlikes) {
      expect(codeOf(() => verifyTrustedBuilder(identity(`${w}@refs/tags/v2.1.0`), undefined, ARTIFACT_DEFAULTS)), w).toBe('ErrorUntrustedReusableWorkflow');
    }
  });

  it('matches --builder-id as name, name@vX.Y.Z or name@refs/tags/vX.Y.Z', () => {
    const id = identity(`${GENERIC}@refs/tags/v2.1.0`);
    for (const expected of [GENERIC, `${GENERIC}@v2.1.0`, `${GENERIC}@refs/tags/v2.1.0`]) {
      expect(codeOf(() => verifyTrustedBuilder(id, expected, ARTIFACT_DEFAULTS)), expected).toBeUndefined();
    }
    for (const expected of [`${GENERIC}@v2.1.1`, `${GENERIC}.evil`, `${GENERIC}@`, GO_BUILDER, `${GENERIC}@v2.1.0@x`]) {
      expect(codeOf(() => verifyTrustedBuilder(id, expected, ARTIFACT_DEFAULTS)), expected).toBe('ErrorUntrustedReusableWorkflow');
    }
  });

  it('lets --builder-id name a workflow outside the defaults (that is what it is for)', () => {
    const custom = 'https://github.com/octo-org/builders/.github/workflows/build.yml';
    expect(codeOf(() => verifyTrustedBuilder(identity(`${custom}@refs/tags/v1.0.0`), custom, ARTIFACT_DEFAULTS))).toBeUndefined();
  });

  it('recognises trusted BYOB delegators with or without --builder-id', () => {
    for (const d of [DELEGATOR, LOWPERMS_DELEGATOR]) {
      expect(verifyTrustedBuilder(identity(`${d}@refs/tags/v2.1.0`), undefined, ARTIFACT_DEFAULTS).byob).toBe(true);
      // --builder-id names the tool builder, which the provenance (not the certificate) carries.
      expect(verifyTrustedBuilder(identity(`${d}@refs/tags/v2.1.0`), 'https://github.com/x/y/.github/workflows/t.yml', ARTIFACT_DEFAULTS).byob).toBe(true);
    }
  });

  it('has no default builders for GitHub attestations', () => {
    const id = identity(`${BCR_PUBLISHER}@refs/tags/v0.0.1`, 'aspect-build/rules_lint');
    expect(codeOf(() => verifyTrustedBuilder(id, undefined, NONE))).toBe('ErrorUntrustedReusableWorkflow');
    expect(codeOf(() => verifyTrustedBuilder(id, '', NONE))).toBe('ErrorUntrustedReusableWorkflow');
    expect(verifyTrustedBuilder(id, BCR_PUBLISHER, NONE)).toMatchObject({ byob: false });
    // A delegator is not BYOB when the caller does not trust delegators.
    const delegated = identity(`${DELEGATOR}@refs/tags/v2.1.0`);
    expect(codeOf(() => verifyTrustedBuilder(delegated, 'https://github.com/x/y/.github/workflows/t.yml', NONE))).toBe('ErrorUntrustedReusableWorkflow');
  });

  it('needs a ref in the workflow URI', () => {
    expect(codeOf(() => verifyTrustedBuilder(identity(GENERIC), undefined, ARTIFACT_DEFAULTS))).toBe('ErrorMalformedURI');
  });
});

describe('verifyTrustedBuilderRef', () => {
  const user = identity(`${GENERIC}@refs/tags/v2.1.0`);
  const e2e = identity(`${GENERIC}@refs/heads/main`, 'slsa-framework/example-package');
  const generator = identity(`${GENERIC}@refs/heads/main`, 'slsa-framework/slsa-github-generator');

  it('requires refs/tags/vX.Y.Z', () => {
    expect(codeOf(() => verifyTrustedBuilderRef(user, 'refs/tags/v2.1.0', false))).toBeUndefined();
    expect(codeOf(() => verifyTrustedBuilderRef(user, 'refs/tags/v2.1.0', true))).toBeUndefined();
    for (const ref of ['refs/heads/main', 'refs/tags/v2.1', 'refs/tags/v2.1.0-rc.1', 'refs/tags/v2.1.0+b', 'refs/heads/v2.1.0']) {
      expect(codeOf(() => verifyTrustedBuilderRef(user, ref, false)), ref).toBe('ErrorInvalidRef');
      // Testing mode relaxes nothing for other repositories.
      expect(codeOf(() => verifyTrustedBuilderRef(user, ref, true)), ref).toBe('ErrorInvalidRef');
    }
  });

  it('allows main and prereleases for slsa-framework repositories in testing mode only', () => {
    for (const id of [e2e, generator]) {
      expect(codeOf(() => verifyTrustedBuilderRef(id, 'refs/heads/main', true))).toBeUndefined();
      expect(codeOf(() => verifyTrustedBuilderRef(id, 'refs/tags/v2.1.0-rc.1', true))).toBeUndefined();
      expect(codeOf(() => verifyTrustedBuilderRef(id, 'refs/heads/dev', true))).toBe('ErrorInvalidRef');
      expect(codeOf(() => verifyTrustedBuilderRef(id, 'refs/heads/main', false))).toBe('ErrorInvalidRef');
    }
  });
});
