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
 * field against the certificate. Either way the certificate's runner claim
 * (Fulcio 1.11) must say GitHub-hosted: the npm CLI builder IDs promise it,
 * and a delegator on a self-hosted runner is not the trusted builder.
 */
export interface NpmBuilder extends BuilderIdentity {
  /** The builder ID the provenance must state (loosely). */
  expected: string;
}

const NPM_CLI_BUILDERS: ReadonlySet<string> = new Set([BUILDER_IDS.npmCliLegacy, BUILDER_IDS.npmCliHosted]);
const HOSTED_SUFFIX = '/github-hosted';
const GITHUB_HOSTED = 'github-hosted';

export function verifyNpmBuilder(id: WorkflowIdentity, expectedBuilderId: string | undefined): NpmBuilder {
  if (expectedBuilderId === undefined || expectedBuilderId === '') {
    throw new VerifyError('ErrorInvalidBuilderID', 'builder ID is empty: --builder-id is required for npm packages');
  }
  let trusted: BuilderIdentity | undefined;
  try {
    // The signing identity of a BYOB builder is always the delegator workflow.
    trusted = verifyTrustedBuilder(id, BUILDER_IDS.genericLowPermsDelegator, DEFAULT_BYOB_WORKFLOWS);
  } catch (err) {
    if (!(err instanceof VerifyError) || err.code !== 'ErrorUntrustedReusableWorkflow') throw err;
  }
  if (trusted) {
    // As slsa-verifier: a delegator job on a self-hosted runner is refused. We also refuse a
    // runner value Fulcio does not define; an absent claim (certificates before 1.11) is allowed.
    if (id.runnerEnvironment !== undefined && id.runnerEnvironment !== GITHUB_HOSTED) {
      throw runnerMismatch(id.runnerEnvironment, 'the trusted builder ran on a runner that is not GitHub-hosted');
    }
    return { ...trusted, byob: true, expected: expectedBuilderId };
  }

  // npm CLI provenance: the builder ID names the runner, and only the certificate can vouch for it.
  if (id.runnerEnvironment !== GITHUB_HOSTED && id.runnerEnvironment !== 'self-hosted') {
    throw new VerifyError('ErrorNotSupported', `hosted status unknown: the certificate's runner environment (1.3.6.1.4.1.57264.1.11) is ${describeRunner(id.runnerEnvironment)}`, {
      expected: GITHUB_HOSTED,
      ...(id.runnerEnvironment === undefined ? {} : { actual: id.runnerEnvironment }),
    });
  }
  // Exactly one of the IDs, as slsa-verifier compares them (a runner has no version to pin).
  if (!NPM_CLI_BUILDERS.has(expectedBuilderId)) {
    throw new VerifyError('ErrorNotSupported', `builder ${expectedBuilderId}: expected ${[...NPM_CLI_BUILDERS].join(' or ')}`, {
      expected: [...NPM_CLI_BUILDERS].join(', '),
      actual: expectedBuilderId,
    });
  }
  const builder = new TrustedBuilderId(expectedBuilderId, false);
  // Both supported IDs mean a GitHub-hosted runner (the short one is the older spelling).
  if (id.runnerEnvironment !== GITHUB_HOSTED) throw runnerMismatch(id.runnerEnvironment, 're-usable workflow is self-hosted');
  return { builder, byob: false, expected: builder.toString() };
}

function describeRunner(runner: string | undefined): string {
  return runner === undefined ? 'absent' : `'${runner}'`;
}

function runnerMismatch(runner: string, why: string): VerifyError {
  return new VerifyError('ErrorMismatchBuilderID', `${why}: the certificate's runner environment is ${describeRunner(runner)}`, {
    expected: GITHUB_HOSTED,
    actual: runner,
  });
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
