import { VerifyError } from '../errors/index.js';
import { BUILD_TYPES, BUILDER_IDS } from './builders.js';
import { parseGitRef, parseGitUriAndRef } from './git.js';
import { getOwn, isJsonObject, type JsonObject } from './go-json.js';
import * as githubEnv from './github-env.js';
import { PREDICATE_SLSA_V02, type Statement, type StatementV02, type StatementV1, type Subject } from './statement.js';

/**
 * What slsa-verifier reads out of a provenance statement, per buildType
 * (slsaprovenance/v0.2 and v1.0). Each claim carries either its value or the
 * error slsa-verifier's accessor would return, because the verdict depends on
 * which accessor fails, and only when a check asks for it.
 */

export type Claim<T> = { ok: true; value: T } | { ok: false; error: VerifyError };

/** Which of slsa-verifier's readers applies. */
export type ProvenanceKind =
  /** v0.2 from slsa-github-generator's Go builder and generic/container generators (lowercase env keys). */
  | 'v0.2-generator'
  /** v0.2 from a BYOB delegator (uppercase env keys; ref from the source material). */
  | 'v0.2-byob'
  /** v1 from a BYOB delegator (ref from resolvedDependencies[0]). */
  | 'v1-byob'
  /** v1 from the container-based builder. */
  | 'v1-container-based'
  /** v1 "GitHub attestation" (actions/attest-build-provenance buildType). */
  | 'v1-github-attestation'
  /** v0.2 written by the npm CLI (uppercase env keys, forgeable: checked against the certificate). */
  | 'v0.2-npm-cli'
  /** v1 written by the npm CLI (trigger and ref from externalParameters.workflow). */
  | 'v1-npm-cli'
  /** A custom builder's buildType: source and ref from the generic SLSA fields only (generic-provenance.ts). */
  | 'generic';

export interface ProvenanceClaims {
  kind: ProvenanceKind;
  predicateType: string;
  buildType: string;
  /** The builder.id the provenance states, e.g. `https://.../builder.yml@refs/tags/v1.2.3`. */
  builderId: string;
  /** The repository and ref that triggered the build, as a git URI with "@ref". */
  triggerUri: Claim<string>;
  /** Where triggerUri comes from, for reports. */
  triggerUriField: string;
  /** The source that was built (first material / resolved dependency). */
  sourceUri: Claim<string>;
  sourceUriField: string;
  subjects: Claim<Subject[]>;
  /** Full branch ref ("refs/heads/main"), or "" when the provenance cannot tell. */
  branchRef: Claim<string>;
  /** Full tag ref ("refs/tags/v1.2.3"), or "" for a branch build. */
  tagRef: Claim<string>;
  /** workflow_dispatch inputs. */
  workflowInputs: Claim<JsonObject>;
  /** Informational: the commit of the source material, when stated. */
  commit: string | undefined;
  /** Informational: the triggering event name, when stated. */
  event: string | undefined;
}

export function claim<T>(read: () => T): Claim<T> {
  try {
    return { ok: true, value: read() };
  } catch (err) {
    if (err instanceof VerifyError) return { ok: false, error: err };
    throw err;
  }
}

type Readers<K extends ProvenanceKind> = Readonly<Record<string, Readonly<Record<string, K>>>>;

/** Builder (from the certificate) -> buildType -> reader, as slsa-verifier's buildTypeMap. */
const V02_READERS: Readers<'v0.2-generator' | 'v0.2-byob' | 'v0.2-npm-cli'> = {
  [BUILDER_IDS.genericDelegator]: { [BUILD_TYPES.byobV0]: 'v0.2-byob' },
  [BUILDER_IDS.genericLowPermsDelegator]: { [BUILD_TYPES.byobV0]: 'v0.2-byob' },
  [BUILDER_IDS.goBuilder]: {
    [BUILD_TYPES.goBuilderV1]: 'v0.2-generator',
    [BUILD_TYPES.legacyBuilderV1]: 'v0.2-generator',
    [BUILD_TYPES.legacyGoBuilderV1]: 'v0.2-generator',
  },
  [BUILDER_IDS.genericGenerator]: { [BUILD_TYPES.genericGeneratorV1]: 'v0.2-generator' },
  [BUILDER_IDS.containerGenerator]: { [BUILD_TYPES.containerGeneratorV1]: 'v0.2-generator' },
  // Reached only by verify-npm-package: a certificate's workflow identity is never an npm CLI builder ID.
  [BUILDER_IDS.npmCliLegacy]: { [BUILD_TYPES.npmCliV0]: 'v0.2-npm-cli', [BUILD_TYPES.npmCliV1]: 'v0.2-npm-cli', [BUILD_TYPES.npmCliV2]: 'v0.2-npm-cli' },
  [BUILDER_IDS.npmCliHosted]: { [BUILD_TYPES.npmCliV0]: 'v0.2-npm-cli', [BUILD_TYPES.npmCliV1]: 'v0.2-npm-cli', [BUILD_TYPES.npmCliV2]: 'v0.2-npm-cli' },
};

const V1_READERS: Readers<'v1-byob' | 'v1-container-based' | 'v1-github-attestation' | 'v1-npm-cli'> = {
  [BUILDER_IDS.genericDelegator]: { [BUILD_TYPES.byobV0]: 'v1-byob' },
  [BUILDER_IDS.genericLowPermsDelegator]: { [BUILD_TYPES.byobV0]: 'v1-byob' },
  [BUILDER_IDS.containerBased]: { [BUILD_TYPES.containerBasedV01Draft]: 'v1-container-based' },
  [BUILDER_IDS.bcrReleaser]: { [BUILD_TYPES.githubActionsV1]: 'v1-github-attestation' },
  [BUILDER_IDS.bcrPublisher]: { [BUILD_TYPES.githubActionsV1]: 'v1-github-attestation' },
  // No self-hosted runner: its provenance cannot be tied to GitHub's infrastructure.
  [BUILDER_IDS.npmCliHosted]: { [BUILD_TYPES.npmCliV2]: 'v1-npm-cli', [BUILD_TYPES.npmCliGithubActionsV1]: 'v1-npm-cli' },
};

function lookup<K extends ProvenanceKind>(
  readers: Readers<K>,
  builderName: string,
  predicateType: string,
  buildType: string,
): K {
  const buildTypes = Object.hasOwn(readers, builderName) ? readers[builderName] : undefined;
  if (!buildTypes) {
    throw new VerifyError('ErrorInvalidBuilderID', `"${builderName}" has no reader for ${predicateType}`, { actual: builderName });
  }
  const kind = Object.hasOwn(buildTypes, buildType) ? buildTypes[buildType] : undefined;
  if (!kind) {
    throw new VerifyError('ErrorInvalidBuildType', `"${buildType}" for builder ID "${builderName}"`, {
      expected: Object.keys(buildTypes).join(', '),
      actual: buildType,
    });
  }
  return kind;
}

export function subjects(s: Statement): Claim<Subject[]> {
  return claim(() => {
    if (s.subject.length === 0) throw new VerifyError('ErrorInvalidDssePayload', 'no subjects');
    return s.subject;
  });
}

/** A JSON object, or the "parameters type" failure slsa-verifier reports for anything else. */
function asEnv(value: unknown, what: string): JsonObject {
  if (!isJsonObject(value)) throw new VerifyError('ErrorInvalidDssePayload', `${what} type`);
  return value;
}

function stringField(obj: unknown, field: string): string | undefined {
  if (!isJsonObject(obj)) return undefined;
  const got = getOwn(obj, field);
  return got.found && typeof got.value === 'string' ? got.value : undefined;
}

/**
 * BYOB builders record the ref that was built in the source URI; a tag build
 * still asks the GitHub context which branch the tag came from.
 */
function refFromSource(sourceUri: Claim<string>, want: 'branch' | 'tag', env: () => JsonObject): string {
  if (!sourceUri.ok) throw sourceUri.error;
  const { ref } = parseGitUriAndRef(sourceUri.value);
  if (ref === '') throw new VerifyError('ErrorInvalidDssePayload', `unable to get ref for source "${sourceUri.value}"`);
  const { type } = parseGitRef(ref);
  switch (type) {
    case 'heads':
      return want === 'branch' ? ref : '';
    case 'tags':
      return want === 'branch' ? githubEnv.getBranch(env(), true) : ref;
    default:
      throw new VerifyError('ErrorInvalidDssePayload', `unknown ref type "${type}" for ref "${ref}"`);
  }
}

function readV02(s: StatementV02, kind: 'v0.2-generator' | 'v0.2-byob' | 'v0.2-npm-cli'): ProvenanceClaims {
  const p = s.predicate;
  const upper = kind === 'v0.2-byob' || kind === 'v0.2-npm-cli';
  const env = () => asEnv(p.invocation.environment, 'parameters');
  const sourceUri = claim(() => {
    const first = p.materials[0];
    if (!first) throw new VerifyError('ErrorInvalidDssePayload', 'no material');
    if (first.uri === '') throw new VerifyError('ErrorMalformedURI', 'empty uri');
    return first.uri;
  });

  let branchRef: Claim<string>;
  let tagRef: Claim<string>;
  if (kind === 'v0.2-byob') {
    // The v0.2 BYOB reader falls back to the environment when there is no source material.
    branchRef = claim(() => (sourceUri.ok ? refFromSource(sourceUri, 'branch', env) : githubEnv.getBranch(env(), true)));
    tagRef = claim(() => (sourceUri.ok ? refFromSource(sourceUri, 'tag', env) : githubEnv.getTag(env(), true)));
  } else if (kind === 'v0.2-npm-cli') {
    // The npm CLI records GITHUB_REF but not GITHUB_REF_TYPE; the ref says which it is.
    branchRef = claim(() => refOfType(githubEnv.getAsString(env(), 'GITHUB_REF'), 'branch'));
    tagRef = claim(() => refOfType(githubEnv.getAsString(env(), 'GITHUB_REF'), 'tag'));
  } else {
    branchRef = claim(() => githubEnv.getBranch(env(), upper));
    tagRef = claim(() => githubEnv.getTag(env(), upper));
  }

  return {
    kind,
    predicateType: s.predicateType,
    buildType: p.buildType,
    builderId: p.builder.id,
    triggerUri: claim(() => {
      const uri = p.invocation.configSource.uri;
      if (uri === '') throw new VerifyError('ErrorMalformedURI', 'empty uri');
      return uri;
    }),
    triggerUriField: 'predicate.invocation.configSource.uri',
    sourceUri,
    sourceUriField: 'predicate.materials[0].uri',
    subjects: subjects(s),
    branchRef,
    tagRef,
    workflowInputs: claim(() => githubEnv.getWorkflowInputs(env(), upper)),
    commit: p.materials[0]?.digest['sha1'],
    event: stringField(p.invocation.environment, upper ? 'GITHUB_EVENT_NAME' : 'github_event_name'),
  };
}

/** GITHUB_WORKFLOW_REF "owner/repo/path@ref" -> "git+https://github.com/owner/repo@ref". */
function triggerFromWorkflowRef(internal: unknown): string {
  const sys = asEnv(internal, 'internal parameters');
  if (!getOwn(sys, 'GITHUB_WORKFLOW_REF').found) throw new VerifyError('ErrorNotPresent', 'GITHUB_WORKFLOW_REF');
  const workflowRef = githubEnv.getAsString(sys, 'GITHUB_WORKFLOW_REF');
  const parts = workflowRef.split('@');
  if (parts.length !== 2) throw new VerifyError('ErrorInvalidFormat', `ref: ${workflowRef}`);
  const [repoAndPath, ref] = parts as [string, string];
  const segments = repoAndPath.split('/');
  if (segments.length < 2) throw new VerifyError('ErrorInvalidFormat', `repo and path: ${repoAndPath}`);
  const repository = `git+https://github.com/${segments.slice(0, 2).join('/')}`;
  if (ref === '') throw new VerifyError('ErrorMalformedURI', 'repository or ref is empty');
  return `${repository}@${ref}`;
}

/** externalParameters.workflow {repository, ref} -> "git+<repository>@<ref>". */
function triggerFromWorkflowParameters(external: unknown): string {
  const params = asEnv(external, 'external parameters');
  const workflow = getOwn(params, 'workflow');
  if (!workflow.found || !isJsonObject(workflow.value)) throw new VerifyError('ErrorInvalidFormat', 'workflow parameters');
  const repository = getOwn(workflow.value, 'repository');
  if (!repository.found || typeof repository.value !== 'string') {
    throw new VerifyError('ErrorInvalidFormat', 'workflow parameters: repository');
  }
  const ref = getOwn(workflow.value, 'ref');
  if (!ref.found || typeof ref.value !== 'string') throw new VerifyError('ErrorInvalidFormat', 'workflow parameters: ref');
  return `git+${repository.value}@${ref.value}`;
}

/** The npm CLI records the triggering ref only in externalParameters.workflow.ref. */
function refFromWorkflowParameters(external: unknown, want: 'branch' | 'tag'): string {
  return refOfType(parseGitUriAndRef(triggerFromWorkflowParameters(external)).ref, want);
}

/** The ref when it is of the wanted kind, else "" (a tag build names no branch). */
function refOfType(ref: string, want: 'branch' | 'tag'): string {
  const { type } = parseGitRef(ref);
  if (type === 'heads') return want === 'branch' ? ref : '';
  if (type === 'tags') return want === 'tag' ? ref : '';
  throw new VerifyError('ErrorInvalidDssePayload', `unknown ref type "${type}" for ref "${ref}"`);
}

function readV1(s: StatementV1, kind: 'v1-byob' | 'v1-container-based' | 'v1-github-attestation' | 'v1-npm-cli'): ProvenanceClaims {
  const p = s.predicate;
  const internal = () => asEnv(p.buildDefinition.internalParameters, 'internal parameters');
  const sourceUri = claim(() => {
    const first = p.buildDefinition.resolvedDependencies[0];
    if (!first) throw new VerifyError('ErrorInvalidDssePayload', 'empty resolvedDependencies');
    if (first.uri === '') throw new VerifyError('ErrorMalformedURI', 'empty uri');
    return first.uri;
  });
  const attestation = kind === 'v1-github-attestation' || kind === 'v1-npm-cli';
  const npm = kind === 'v1-npm-cli';
  const github = isJsonObject(p.buildDefinition.internalParameters)
    ? getOwn(p.buildDefinition.internalParameters, 'github')
    : { found: false as const };

  return {
    kind,
    predicateType: s.predicateType,
    buildType: p.buildDefinition.buildType,
    builderId: p.runDetails.builder.id,
    triggerUri: claim(() =>
      attestation
        ? triggerFromWorkflowParameters(p.buildDefinition.externalParameters)
        : triggerFromWorkflowRef(p.buildDefinition.internalParameters),
    ),
    triggerUriField: attestation
      ? 'predicate.buildDefinition.externalParameters.workflow.{repository,ref}'
      : 'predicate.buildDefinition.internalParameters.GITHUB_WORKFLOW_REF',
    sourceUri,
    sourceUriField: 'predicate.buildDefinition.resolvedDependencies[0].uri',
    subjects: subjects(s),
    branchRef: claim(() =>
      npm ? refFromWorkflowParameters(p.buildDefinition.externalParameters, 'branch')
        : kind === 'v1-byob' ? refFromSource(sourceUri, 'branch', internal) : githubEnv.getBranch(internal(), true),
    ),
    tagRef: claim(() =>
      npm ? refFromWorkflowParameters(p.buildDefinition.externalParameters, 'tag')
        : kind === 'v1-byob' ? refFromSource(sourceUri, 'tag', internal) : githubEnv.getTag(internal(), true),
    ),
    workflowInputs: claim(() => githubEnv.getWorkflowInputs(internal(), true)),
    commit: p.buildDefinition.resolvedDependencies[0]?.digest['gitCommit'],
    event: attestation && github.found
      ? stringField(github.value, 'event_name')
      : stringField(p.buildDefinition.internalParameters, 'GITHUB_EVENT_NAME'),
  };
}

/**
 * Picks slsa-verifier's reader for the certificate's builder and the stated
 * buildType. An unknown builder is ErrorInvalidBuilderID, an unknown
 * buildType for a known builder ErrorInvalidBuildType (slsa-verifier wraps
 * both in ErrorInvalidDssePayload).
 */
export function readProvenance(certBuilderName: string, statement: Statement): ProvenanceClaims {
  if (statement.predicateType === PREDICATE_SLSA_V02) {
    const kind = lookup(V02_READERS, certBuilderName, statement.predicateType, statement.predicate.buildType);
    return readV02(statement, kind);
  }
  const kind = lookup(V1_READERS, certBuilderName, statement.predicateType, statement.predicate.buildDefinition.buildType);
  return readV1(statement, kind);
}
