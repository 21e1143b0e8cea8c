/**
 * Builder IDs, build types and trusted repositories that slsa-verifier v2.7
 * knows (slsaprovenance/common/builders.go, buildtypes.go, gha/builder.go).
 */

export const GITHUB_COM = 'github.com/';
export const HTTPS_GITHUB_COM = `https://${GITHUB_COM}`;

export const TRUSTED_BUILDER_REPOSITORY = 'slsa-framework/slsa-github-generator';
/** slsa-verifier's own end-to-end test repository: allowed to use builders at main in testing mode. */
export const E2E_TEST_REPOSITORY = 'slsa-framework/example-package';
export const CERT_OIDC_ISSUER = 'https://token.actions.githubusercontent.com';
/** JReleaser's builder is tagged vX.Y.Z-java; matched by prefix, as slsa-verifier does. */
export const JRELEASER_REPOSITORY = `${HTTPS_GITHUB_COM}jreleaser/release-action`;

const GENERATOR = `${HTTPS_GITHUB_COM}${TRUSTED_BUILDER_REPOSITORY}`;

export const BUILDER_IDS = {
  genericGenerator: `${GENERATOR}/.github/workflows/generator_generic_slsa3.yml`,
  containerGenerator: `${GENERATOR}/.github/workflows/generator_container_slsa3.yml`,
  goBuilder: `${GENERATOR}/.github/workflows/builder_go_slsa3.yml`,
  containerBased: `${GENERATOR}/.github/workflows/builder_container-based_slsa3.yml`,
  npmCliLegacy: 'https://github.com/actions/runner',
  npmCliHosted: 'https://github.com/actions/runner/github-hosted',
  npmCliSelfHosted: 'https://github.com/actions/runner/self-hosted',
  genericDelegator: `${GENERATOR}/.github/workflows/delegator_generic_slsa3.yml`,
  genericLowPermsDelegator: `${GENERATOR}/.github/workflows/delegator_lowperms-generic_slsa3.yml`,
  bcrReleaser: 'https://github.com/bazel-contrib/.github/.github/workflows/release_ruleset.yaml',
  bcrPublisher: 'https://github.com/bazel-contrib/publish-to-bcr/.github/workflows/publish.yaml',
} as const;

/** Where a BYOB builder must live when the user gives no --builder-id. */
export const TRUSTED_BUILDER_WORKFLOWS_PREFIX = `${GENERATOR}/.github/workflows/`;

export const BUILD_TYPES = {
  byobV0: 'https://github.com/slsa-framework/slsa-github-generator/delegator-generic@v0',
  containerBasedV01Draft: 'https://slsa.dev/container-based-build/v0.1?draft',
  goBuilderV1: 'https://github.com/slsa-framework/slsa-github-generator/go@v1',
  genericGeneratorV1: 'https://github.com/slsa-framework/slsa-github-generator/generic@v1',
  containerGeneratorV1: 'https://github.com/slsa-framework/slsa-github-generator/container@v1',
  /** The npm CLI's first format (late 2022 to early 2023): read as gha@v1. */
  npmCliV0: 'https://github.com/npm/cli/gha@v0',
  npmCliV1: 'https://github.com/npm/cli/gha@v1',
  npmCliV2: 'https://github.com/npm/cli/gha/v2',
  npmCliGithubActionsV1: 'https://slsa-framework.github.io/github-actions-buildtypes/workflow/v1',
  githubActionsV1: 'https://actions.github.io/buildtypes/workflow/v1',
  legacyGoBuilderV1: 'https://github.com/slsa-framework/slsa-github-generator-go@v1',
  legacyBuilderV1: 'https://github.com/slsa-framework/slsa-github-generator@v1',
} as const;

/** Reusable workflows verify-artifact trusts without --builder-id. */
export const DEFAULT_ARTIFACT_TRUSTED_WORKFLOWS: ReadonlySet<string> = new Set([
  BUILDER_IDS.genericGenerator,
  BUILDER_IDS.goBuilder,
  BUILDER_IDS.containerBased,
]);

/** Reusable workflows verify-image trusts without --builder-id (slsa-verifier's defaultContainerTrustedReusableWorkflows). */
export const DEFAULT_CONTAINER_TRUSTED_WORKFLOWS: ReadonlySet<string> = new Set([BUILDER_IDS.containerGenerator]);

/** The BYOB delegators: the certificate names them, the provenance names the real builder. */
export const DEFAULT_BYOB_WORKFLOWS: ReadonlySet<string> = new Set([
  BUILDER_IDS.genericDelegator,
  BUILDER_IDS.genericLowPermsDelegator,
]);
