// Hand-built certificate claims and provenance statements for the check tests.
import { parseStatement, type Statement } from '../../src/provenance/statement.js';
import type { CertificateClaims } from '../../src/sigstore/certificate-claims.js';

export const SHA = '4d329c75e7ec1725f7c9ce917a8799d408d06be3';
export const REPO = 'octo-org/octo-repo';
export const DIGEST = 'f6ab7ad0c7549b5a4942c3b0690519d791c28c4c0f8b286208cb40da3322a066';
export const GENERATOR = 'https://github.com/slsa-framework/slsa-github-generator/.github/workflows';
export const GENERIC = `${GENERATOR}/generator_generic_slsa3.yml`;
export const GO_BUILDER = `${GENERATOR}/builder_go_slsa3.yml`;
export const DELEGATOR = `${GENERATOR}/delegator_generic_slsa3.yml`;
export const LOWPERMS_DELEGATOR = `${GENERATOR}/delegator_lowperms-generic_slsa3.yml`;
export const MAVEN = `${GENERATOR}/builder_maven_slsa3.yml`;
export const BCR_PUBLISHER = 'https://github.com/bazel-contrib/publish-to-bcr/.github/workflows/publish.yaml';

export interface CertOptions {
  /** Signing workflow with ref, e.g. `${GENERIC}@refs/tags/v2.1.0`. */
  san?: string;
  repo?: string;
  sha?: string;
  trigger?: string;
  ref?: string;
}

/** Claims of a well-formed certificate carrying both the old and new GitHub OIDs. */
export function certClaims(opts: CertOptions = {}, overrides: Partial<CertificateClaims> = {}): CertificateClaims {
  const repo = opts.repo ?? REPO;
  const sha = opts.sha ?? SHA;
  const trigger = opts.trigger ?? 'push';
  const ref = opts.ref ?? 'refs/tags/v1.2.3';
  const san = opts.san ?? `${GENERIC}@refs/tags/v2.1.0`;
  return {
    subjectAlternativeName: san,
    subjectAlternativeNameKind: 'uri',
    issuer: 'https://token.actions.githubusercontent.com',
    githubWorkflowTrigger: trigger,
    githubWorkflowSha: sha,
    githubWorkflowName: 'release',
    githubWorkflowRepository: repo,
    githubWorkflowRef: ref,
    issuerV2: 'https://token.actions.githubusercontent.com',
    buildSignerUri: san,
    buildSignerDigest: 'b'.repeat(40),
    runnerEnvironment: 'github-hosted',
    sourceRepositoryUri: `https://github.com/${repo}`,
    sourceRepositoryDigest: sha,
    sourceRepositoryRef: ref,
    sourceRepositoryIdentifier: '486325809',
    sourceRepositoryOwnerUri: `https://github.com/${repo.split('/')[0]}`,
    sourceRepositoryOwnerIdentifier: '80431187',
    buildConfigUri: `https://github.com/${repo}/.github/workflows/release.yml@${ref}`,
    buildConfigDigest: sha,
    buildTrigger: trigger,
    runInvocationUri: `https://github.com/${repo}/actions/runs/13530999644/attempts/1`,
    sourceRepositoryVisibilityAtSigning: 'public',
    ...overrides,
  };
}

type Json = Record<string, unknown>;

export interface V02Options {
  builderId?: string;
  buildType?: string;
  repo?: string;
  ref?: string;
  refType?: 'branch' | 'tag';
  event?: string;
  baseRef?: string;
  payload?: Json;
  digest?: string;
  subjects?: Json[];
}

/** SLSA v0.2 provenance as slsa-github-generator's generic generator writes it (lowercase environment keys). */
export function generatorV02(opts: V02Options = {}): Json {
  const repo = opts.repo ?? REPO;
  const ref = opts.ref ?? 'refs/tags/v1.2.3';
  const uri = `git+https://github.com/${repo}@${ref}`;
  return {
    _type: 'https://in-toto.io/Statement/v0.1',
    predicateType: 'https://slsa.dev/provenance/v0.2',
    subject: opts.subjects ?? [{ name: 'artifact', digest: { sha256: opts.digest ?? DIGEST } }],
    predicate: {
      builder: { id: opts.builderId ?? `${GENERIC}@refs/tags/v2.1.0` },
      buildType: opts.buildType ?? 'https://github.com/slsa-framework/slsa-github-generator/generic@v1',
      invocation: {
        configSource: { uri, digest: { sha1: SHA }, entryPoint: '.github/workflows/release.yml' },
        parameters: {},
        environment: {
          github_base_ref: opts.baseRef ?? '',
          github_event_name: opts.event ?? 'push',
          github_event_payload: opts.payload ?? { base_ref: 'refs/heads/main' },
          github_ref: ref,
          github_ref_type: opts.refType ?? 'tag',
          github_run_id: '13530999644',
        },
      },
      metadata: {
        buildInvocationID: '13530999644-1',
        completeness: { parameters: true, environment: false, materials: false },
        reproducible: false,
      },
      materials: [{ uri, digest: { sha1: SHA } }],
    },
  };
}

export interface V1Options {
  builderId?: string;
  buildType?: string;
  repo?: string;
  ref?: string;
  /** Ref recorded in resolvedDependencies[0] ("" for none). */
  sourceRef?: string;
  refType?: 'branch' | 'tag';
  event?: string;
  payload?: Json;
  digest?: string;
}

/** SLSA v1 provenance as a BYOB tool builder (e.g. the Maven builder) writes it. */
export function byobV1(opts: V1Options = {}): Json {
  const repo = opts.repo ?? REPO;
  const ref = opts.ref ?? 'refs/tags/v1.2.3';
  const sourceRef = opts.sourceRef ?? ref;
  return {
    _type: 'https://in-toto.io/Statement/v0.1',
    subject: [{ name: 'artifact.jar', digest: { sha256: opts.digest ?? DIGEST } }],
    predicateType: 'https://slsa.dev/provenance/v1',
    predicate: {
      buildDefinition: {
        buildType: opts.buildType ?? 'https://github.com/slsa-framework/slsa-github-generator/delegator-generic@v0',
        externalParameters: { inputs: { directory: '.' }, vars: {} },
        internalParameters: {
          GITHUB_BASE_REF: '',
          GITHUB_EVENT_NAME: opts.event ?? 'push',
          GITHUB_EVENT_PAYLOAD: opts.payload ?? { base_ref: 'refs/heads/main' },
          GITHUB_REF: ref,
          GITHUB_REF_TYPE: opts.refType ?? 'tag',
          GITHUB_REPOSITORY: repo,
          GITHUB_SHA: SHA,
          GITHUB_WORKFLOW_REF: `${repo}/.github/workflows/release.yml@${ref}`,
        },
        resolvedDependencies: [
          { uri: `git+https://github.com/${repo}${sourceRef === '' ? '' : `@${sourceRef}`}`, digest: { gitCommit: SHA } },
        ],
      },
      runDetails: {
        builder: { id: opts.builderId ?? `${MAVEN}@refs/tags/v2.1.0` },
        metadata: { invocationId: `https://github.com/${repo}/actions/runs/1/attempts/1` },
      },
    },
  };
}

/** SLSA v1 provenance from actions/attest-build-provenance (the GitHub Actions buildType). */
export function attestationV1(opts: { builderId?: string; repo?: string; ref?: string; digest?: string } = {}): Json {
  const repo = opts.repo ?? REPO;
  const ref = opts.ref ?? 'refs/heads/main';
  return {
    _type: 'https://in-toto.io/Statement/v1',
    subject: [{ name: 'MODULE.bazel', digest: { sha256: opts.digest ?? DIGEST } }],
    predicateType: 'https://slsa.dev/provenance/v1',
    predicate: {
      buildDefinition: {
        buildType: 'https://actions.github.io/buildtypes/workflow/v1',
        externalParameters: { workflow: { ref, repository: `https://github.com/${repo}`, path: '.github/workflows/release.yml' } },
        internalParameters: { github: { event_name: 'workflow_dispatch', repository_id: '1', repository_owner_id: '2' } },
        resolvedDependencies: [{ uri: `git+https://github.com/${repo}@${ref}`, digest: { gitCommit: SHA } }],
      },
      runDetails: {
        builder: { id: opts.builderId ?? `${BCR_PUBLISHER}@refs/tags/v0.0.1` },
        metadata: { invocationId: `https://github.com/${repo}/actions/runs/1/attempts/1` },
      },
    },
  };
}

export const bytes = (value: unknown): Uint8Array =>
  new TextEncoder().encode(typeof value === 'string' ? value : JSON.stringify(value));

export function statement(json: Json): Statement {
  return parseStatement('application/vnd.in-toto+json', bytes(json));
}

export { codeOf } from '../support/code-of.js';

/**
 * A deep copy with the value at a dotted path ("predicate.materials.0.uri")
 * replaced, or deleted when `value` is undefined: for one-field negatives.
 */
export function withField(json: Json, path: string, value: unknown): Json {
  const copy = structuredClone(json);
  const keys = path.split('.');
  let node: unknown = copy;
  for (const key of keys.slice(0, -1)) {
    if (typeof node !== 'object' || node === null) throw new Error(`no object at ${key} in ${path}`);
    node = (node as Record<string, unknown>)[key];
  }
  if (typeof node !== 'object' || node === null) throw new Error(`no object for ${path}`);
  const last = keys[keys.length - 1]!;
  const target = node as Record<string, unknown>;
  if (value === undefined) delete target[last];
  else target[last] = value;
  return copy;
}
