import { describe, expect, it } from 'vitest';
import { verifyProvenanceBuilderId } from '../../src/checks/provenance-builder.js';
import { verifyTrustedBuilder } from '../../src/checks/trusted-builder.js';
import { workflowIdentityFromCertificate } from '../../src/checks/workflow-identity.js';
import { DEFAULT_ARTIFACT_TRUSTED_WORKFLOWS, DEFAULT_BYOB_WORKFLOWS } from '../../src/provenance/builders.js';
import { readProvenance } from '../../src/provenance/provenance.js';
import { byobV1, certClaims, codeOf, DELEGATOR, GENERIC, generatorV02, MAVEN, statement } from './fixtures.js';

const DEFAULTS = new Set([...DEFAULT_ARTIFACT_TRUSTED_WORKFLOWS, ...DEFAULT_BYOB_WORKFLOWS]);

function run(san: string, json: Record<string, unknown>, builderId: string | undefined, testing = false): string {
  const identity = verifyTrustedBuilder(workflowIdentityFromCertificate(certClaims({ san })), builderId, DEFAULTS);
  const prov = readProvenance(identity.builder.name, statement(json));
  return verifyProvenanceBuilderId(prov, identity, builderId, testing);
}

describe('verifyProvenanceBuilderId: ordinary builders', () => {
  it('requires the provenance to name the certificate builder at the same ref', () => {
    expect(run(`${GENERIC}@refs/tags/v2.1.0`, generatorV02(), undefined)).toBe(`${GENERIC}@refs/tags/v2.1.0`);
    expect(codeOf(() => run(`${GENERIC}@refs/tags/v2.1.0`, generatorV02({ builderId: `${GENERIC}@refs/tags/v2.0.0` }), undefined))).toBe('ErrorMismatchBuilderID');
    expect(codeOf(() => run(`${GENERIC}@refs/tags/v2.1.0`, generatorV02({ builderId: GENERIC }), undefined))).toBe('ErrorMismatchBuilderID');
    expect(codeOf(() => run(`${GENERIC}@refs/tags/v2.1.0`, generatorV02({ builderId: `${GENERIC}.evil@refs/tags/v2.1.0` }), undefined))).toBe('ErrorMismatchBuilderID');
    expect(codeOf(() => run(`${GENERIC}@refs/tags/v2.1.0`, generatorV02({ builderId: '' }), undefined))).toBe('ErrorMismatchBuilderID');
  });
});

describe('verifyProvenanceBuilderId: BYOB', () => {
  const san = `${DELEGATOR}@refs/tags/v2.1.0`;

  it('reports the tool builder named in the provenance', () => {
    expect(run(san, byobV1(), undefined)).toBe(`${MAVEN}@refs/tags/v2.1.0`);
    for (const id of [MAVEN, `${MAVEN}@v2.1.0`, `${MAVEN}@refs/tags/v2.1.0`]) expect(run(san, byobV1(), id)).toBe(`${MAVEN}@refs/tags/v2.1.0`);
  });

  it('matches --builder-id against the tool builder', () => {
    expect(codeOf(() => run(san, byobV1(), `${MAVEN}@v2.0.0`))).toBe('ErrorMismatchBuilderID');
    expect(codeOf(() => run(san, byobV1(), `${MAVEN}.evil`))).toBe('ErrorMismatchBuilderID');
    expect(codeOf(() => run(san, byobV1(), 'https://github.com/slsa-framework/slsa-github-generator/.github/workflows/not-trusted.yml'))).toBe('ErrorMismatchBuilderID');
    // The flag given empty matches nothing (slsa-verifier: an empty expected name).
    expect(codeOf(() => run(san, byobV1(), ''))).toBe('ErrorMismatchBuilderID');
  });

  it('without --builder-id, trusts only tool builders in slsa-github-generator', () => {
    const trw = 'https://github.com/octo-org/trw/.github/workflows/builder.yml';
    expect(codeOf(() => run(san, byobV1({ builderId: `${trw}@refs/tags/v1.0.0` }), undefined))).toBe('ErrorInvalidBuilderID');
    const lookAlike = 'https://github.com/slsa-framework/slsa-github-generatorX/.github/workflows/builder.yml';
    expect(codeOf(() => run(san, byobV1({ builderId: `${lookAlike}@refs/tags/v1.0.0` }), undefined))).toBe('ErrorInvalidBuilderID');
    expect(run(san, byobV1({ builderId: `${trw}@refs/tags/v1.0.0` }), trw)).toBe(`${trw}@refs/tags/v1.0.0`);
  });

  it('requires the tool builder at a release tag', () => {
    expect(codeOf(() => run(san, byobV1({ builderId: MAVEN }), undefined))).toBe('ErrorInvalidBuilderID');
    expect(codeOf(() => run(san, byobV1({ builderId: `${MAVEN}@refs/heads/main` }), undefined))).toBe('ErrorInvalidRef');
    expect(codeOf(() => run(san, byobV1({ builderId: `${MAVEN}@refs/tags/v2.1` }), undefined))).toBe('ErrorInvalidRef');
    expect(codeOf(() => run(san, byobV1({ builderId: `${MAVEN}@v2.1.0` }), undefined))).toBe('ErrorInvalidRef');
  });

  it('relaxes the tool ref in testing mode only for slsa-framework sources', () => {
    const atMain = byobV1({ builderId: `${MAVEN}@refs/heads/main`, repo: 'slsa-framework/example-package' });
    expect(codeOf(() => run(san, atMain, undefined, true))).toBeUndefined();
    expect(codeOf(() => run(san, atMain, undefined, false))).toBe('ErrorInvalidRef');
    const atBranch = byobV1({ builderId: `${MAVEN}@refs/heads/dev`, repo: 'slsa-framework/example-package' });
    expect(codeOf(() => run(san, atBranch, undefined, true))).toBe('ErrorInvalidRef');
    const generator = byobV1({ builderId: `${MAVEN}@refs/heads/dev`, repo: 'slsa-framework/slsa-github-generator' });
    expect(codeOf(() => run(san, generator, undefined, true))).toBeUndefined();
    const user = byobV1({ builderId: `${MAVEN}@refs/heads/main` });
    expect(codeOf(() => run(san, user, undefined, true))).toBe('ErrorInvalidRef');
  });

  it('accepts JReleaser tags vX.Y.Z-java', () => {
    const jreleaser = 'https://github.com/jreleaser/release-action/.github/workflows/builder_slsa3.yml';
    expect(run(san, byobV1({ builderId: `${jreleaser}@refs/tags/v1.1.0-java` }), jreleaser)).toBe(`${jreleaser}@refs/tags/v1.1.0-java`);
    expect(codeOf(() => run(san, byobV1({ builderId: `${jreleaser}@refs/tags/v1.1.0` }), jreleaser))).toBe('ErrorInvalidRef');
  });
});
