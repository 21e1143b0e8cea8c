import { VerifyError } from '../errors/index.js';
import {
  E2E_TEST_REPOSITORY,
  HTTPS_GITHUB_COM,
  JRELEASER_REPOSITORY,
  TRUSTED_BUILDER_REPOSITORY,
  TRUSTED_BUILDER_WORKFLOWS_PREFIX,
} from '../provenance/builders.js';
import { normalizeGitUri, parseGitUriAndRef } from '../provenance/git.js';
import type { ProvenanceClaims } from '../provenance/provenance.js';
import { isValidBuilderTag, isValidJreleaserBuilderTag, TrustedBuilderId } from './builder-id.js';
import type { BuilderIdentity } from './trusted-builder.js';

/**
 * The builder.id the provenance states, checked as slsa-verifier's
 * VerifyProvenance does. For an ordinary builder it must equal the
 * certificate's workflow at the same ref. For a BYOB delegator the
 * provenance names the real (tool) builder: it must be at a release tag and
 * match --builder-id, or, without --builder-id, live in
 * slsa-github-generator's workflows.
 *
 * Returns the builder ID slsa-verifier reports ("name@ref").
 */
export function verifyProvenanceBuilderId(
  prov: ProvenanceClaims,
  identity: BuilderIdentity,
  expectedBuilderId: string | undefined,
  testing: boolean,
): string {
  if (!identity.byob) {
    const stated = new TrustedBuilderId(prov.builderId, false);
    stated.matchesFull(identity.builder.toString(), true);
    return identity.builder.toString();
  }

  verifyDelegatedBuilderRef(prov, testing);
  let expected: string;
  if (expectedBuilderId === undefined) {
    const stated = new TrustedBuilderId(prov.builderId, false);
    if (!stated.name.startsWith(TRUSTED_BUILDER_WORKFLOWS_PREFIX)) {
      throw new VerifyError('ErrorInvalidBuilderID', `BuilderID Path Mismatch. Got: "${stated.name}". Expected BuilderID Path Prefix: "${TRUSTED_BUILDER_WORKFLOWS_PREFIX}"`, {
        expected: `${TRUSTED_BUILDER_WORKFLOWS_PREFIX}*`,
        actual: stated.name,
      });
    }
    expected = stated.name;
  } else {
    // An empty --builder-id is "given" here, and matches nothing (as in slsa-verifier).
    expected = expectedBuilderId;
  }
  new TrustedBuilderId(prov.builderId, false).matchesLoose(expected, true);
  return new TrustedBuilderId(prov.builderId, true).toString();
}

/** The tool builder a delegator ran must be referenced at a release tag (isValidDelegatorBuilderID). */
function verifyDelegatedBuilderRef(prov: ProvenanceClaims, testing: boolean): void {
  const parts = prov.builderId.split('@');
  if (parts.length !== 2) {
    throw new VerifyError('ErrorInvalidBuilderID', prov.builderId, { expected: 'name@refs/tags/vX.Y.Z', actual: prov.builderId });
  }
  const [name, ref] = parts as [string, string];
  if (name.startsWith(JRELEASER_REPOSITORY)) {
    isValidJreleaserBuilderTag(ref);
    return;
  }
  if (!prov.sourceUri.ok) throw prov.sourceUri.error;
  const source = normalizeGitUri(parseGitUriAndRef(prov.sourceUri.value).uri);
  // slsa-verifier's own e2e tests build with TRWs at main.
  if (testing && source === normalizeGitUri(HTTPS_GITHUB_COM + E2E_TEST_REPOSITORY) && ref === 'refs/heads/main') return;
  // Builds of slsa-github-generator itself may use any ref in testing mode.
  if (testing && source === normalizeGitUri(HTTPS_GITHUB_COM + TRUSTED_BUILDER_REPOSITORY)) return;
  isValidBuilderTag(ref, false);
}
