import { VerifyError } from '../errors/index.js';
import { BUILDER_IDS, DEFAULT_BYOB_WORKFLOWS } from '../provenance/builders.js';
import type { ProvenanceClaims } from '../provenance/provenance.js';
import { TrustedBuilderId } from './builder-id.js';
import { verifyTrustedBuilder, type BuilderIdentity } from './trusted-builder.js';
import type { WorkflowIdentity } from './workflow-identity.js';

/**
 * Who built an npm package, as slsa-verifier's verifyNpmEnvAndCert decides:
 * the certificate is either a trusted BYOB delegator (the provenance then
 * names the real builder, e.g. builder_nodejs_slsa3.yml), or any other
 * workflow, which means the npm CLI wrote the provenance inside the user's
 * own workflow; that provenance is forgeable and is later checked field by
 * field against the certificate.
 */
export interface NpmBuilder extends BuilderIdentity {
  /** The builder ID the provenance must state (loosely). */
  expected: string;
}

const NPM_CLI_BUILDERS: ReadonlySet<string> = new Set([BUILDER_IDS.npmCliLegacy, BUILDER_IDS.npmCliHosted]);
const HOSTED_SUFFIX = '/github-hosted';

export function verifyNpmBuilder(id: WorkflowIdentity, expectedBuilderId: string | undefined): NpmBuilder {
  if (expectedBuilderId === undefined || expectedBuilderId === '') {
    throw new VerifyError('ErrorInvalidBuilderID', 'builder ID is empty: --builder-id is required for npm packages');
  }
  try {
    // The signing identity of a BYOB builder is always the delegator workflow.
    const trusted = verifyTrustedBuilder(id, BUILDER_IDS.genericLowPermsDelegator, DEFAULT_BYOB_WORKFLOWS);
    return { ...trusted, byob: true, expected: expectedBuilderId };
  } catch (err) {
    if (!(err instanceof VerifyError) || err.code !== 'ErrorUntrustedReusableWorkflow') throw err;
  }
  const builder = new TrustedBuilderId(expectedBuilderId, false);
  if (!NPM_CLI_BUILDERS.has(builder.name)) {
    throw new VerifyError('ErrorNotSupported', `builder ${builder.name}: expected ${[...NPM_CLI_BUILDERS].join(' or ')}`, {
      expected: [...NPM_CLI_BUILDERS].join(', '),
      actual: builder.name,
    });
  }
  return { builder, byob: false, expected: builder.toString() };
}

/**
 * The provenance's builder.id must match loosely. Older npm CLI provenance
 * says "https://github.com/actions/runner", newer ".../github-hosted": the
 * short form counts as GitHub-hosted, so each is retried as the other (the
 * first error is the one reported).
 */
export function verifyNpmProvenanceBuilderId(prov: ProvenanceClaims, expected: string): void {
  const stated = new TrustedBuilderId(prov.builderId, false);
  try {
    stated.matchesLoose(expected, true);
  } catch (err) {
    const other = expected.endsWith(HOSTED_SUFFIX) ? expected.slice(0, -HOSTED_SUFFIX.length) : expected + HOSTED_SUFFIX;
    try {
      stated.matchesLoose(other, true);
    } catch {
      throw err;
    }
  }
}
