import { VerifyError } from '../errors/index.js';
import { getOwn, isJsonObject, type JsonObject } from '../provenance/go-json.js';
import { PREDICATE_SLSA_V02, type Statement, type StatementV02, type StatementV1 } from '../provenance/statement.js';
import type { WorkflowIdentity } from './workflow-identity.js';

/**
 * Provenance the npm CLI writes inside the user's own workflow is forgeable:
 * every claim must be one the Fulcio certificate vouches for (slsa-verifier's
 * verifyProvenanceMatchesCertificate for v0.2). slsa-verifier leaves v1 to a
 * TODO; we hold v1 to the same rule on the fields it carries, so that the
 * branch and tag read from it are as trustworthy as the certificate.
 */
export function verifyProvenanceMatchesCertificate(statement: Statement, id: WorkflowIdentity): void {
  verifySingleSha512Subject(statement);
  if (statement.predicateType === PREDICATE_SLSA_V02) verifyV02(statement, id);
  else verifyV1(statement, id);
}

function mismatch(detail: string, expected?: string, actual?: string): VerifyError {
  return new VerifyError('ErrorMismatchCertificate', detail, { expected, actual });
}

function nonVerifiable(detail: string): VerifyError {
  return new VerifyError('ErrorNonVerifiableClaim', detail);
}

/** A claim present in the provenance must equal the certificate's value, which must exist. */
function equalCertificateValue(certValue: string | undefined, actual: string, name: string): void {
  if (certValue === undefined) throw mismatch(`empty certificate value to verify '${name}'`);
  if (actual !== certValue) throw mismatch(`${name}: '${actual}' != '${certValue}'`, certValue, actual);
}

function stringClaim(obj: JsonObject, name: string): string | undefined {
  const got = getOwn(obj, name);
  if (!got.found) return undefined;
  if (typeof got.value !== 'string') throw new VerifyError('ErrorInvalidDssePayload', `environment type string '${name}'`);
  return got.value;
}

function verifySingleSha512Subject(s: Statement): void {
  if (s.subject.length !== 1) throw nonVerifiable(`invalid number of subjects: ${s.subject.length}`);
  if (!Object.hasOwn(s.subject[0]!.digest, 'sha512')) throw nonVerifiable("digest 'sha512' not present");
}

/** "owner/repo/.github/workflows/w.yml@ref": the SAN path as GITHUB_WORKFLOW_REF spells it. */
function workflowRef(id: WorkflowIdentity): string | undefined {
  return id.subjectWorkflow.origin === 'https://github.com' ? id.subjectWorkflow.path.slice(1) : undefined;
}

/** "4757060009/attempts/1" -> ["4757060009", "1"]. */
function runIds(id: WorkflowIdentity): { runId: string; attempt: string } | undefined {
  if (id.runId === undefined) return undefined;
  const parts = id.runId.split('/');
  if (parts.length !== 3) throw new VerifyError('ErrorInvalidFormat', id.runId);
  return { runId: parts[0]!, attempt: parts[2]! };
}

const V02_SYSTEM_PARAMETERS: ReadonlySet<string> = new Set([
  'GITHUB_EVENT_NAME', 'GITHUB_REF', 'GITHUB_REPOSITORY', 'GITHUB_REPOSITORY_ID', 'GITHUB_REPOSITORY_OWNER_ID',
  'GITHUB_RUN_ATTEMPT', 'GITHUB_RUN_ID', 'GITHUB_SHA', 'GITHUB_WORKFLOW_REF', 'GITHUB_WORKFLOW_SHA',
]);

function isEmptyObjectOrNil(v: unknown): boolean {
  return v === undefined || v === null || (isJsonObject(v) && Object.keys(v).length === 0);
}

function verifyV02(s: StatementV02, id: WorkflowIdentity): void {
  const p = s.predicate;
  const env = p.invocation.environment;
  if (!isJsonObject(env)) throw new VerifyError('ErrorInvalidDssePayload', 'parameters type');
  for (const name of Object.keys(env)) {
    if (!V02_SYSTEM_PARAMETERS.has(name)) throw mismatch(`unknown '${name}' parameter`);
  }
  const certValues: Record<string, string | undefined> = {
    GITHUB_EVENT_NAME: id.buildTrigger,
    GITHUB_REPOSITORY: id.sourceRepository,
    GITHUB_REF: id.sourceRef,
    GITHUB_REPOSITORY_ID: id.sourceId,
    GITHUB_REPOSITORY_OWNER_ID: id.sourceOwnerId,
    GITHUB_SHA: id.sourceSha1,
    GITHUB_WORKFLOW_REF: workflowRef(id),
    GITHUB_WORKFLOW_SHA: id.subjectSha1,
  };
  for (const [name, certValue] of Object.entries(certValues)) {
    const claimed = stringClaim(env, name);
    if (claimed !== undefined) equalCertificateValue(certValue, claimed, name);
  }
  const runId = stringClaim(env, 'GITHUB_RUN_ID');
  const attempt = stringClaim(env, 'GITHUB_RUN_ATTEMPT');
  if (runId !== undefined || attempt !== undefined) {
    const run = runIds(id);
    if (!run) throw mismatch("empty certificate value to verify 'GITHUB_RUN_*'");
    if (runId !== undefined) equalCertificateValue(run.runId, runId, 'GITHUB_RUN_ID');
    if (attempt !== undefined) equalCertificateValue(run.attempt, attempt, 'GITHUB_RUN_ATTEMPT');
  }

  if (!isEmptyObjectOrNil(p.invocation.parameters)) throw nonVerifiable('parameters are not empty');

  const metadata = p.metadata;
  if (metadata) {
    const run = runIds(id);
    const expected = run ? `${run.runId}-${run.attempt}` : '-';
    if (metadata.buildInvocationID !== '' && metadata.buildInvocationID !== expected) {
      throw mismatch(`invocation ID: '${metadata.buildInvocationID}' != '${expected}'`, expected, metadata.buildInvocationID);
    }
    if (metadata.buildStartedOn !== undefined) throw nonVerifiable(`build start time: ${metadata.buildStartedOn}`);
    if (metadata.buildFinishedOn !== undefined) throw nonVerifiable(`build finish time: ${metadata.buildFinishedOn}`);
    if (metadata.reproducible) throw nonVerifiable('reproducible: true');
    const c = metadata.completeness;
    if (c.parameters || c.environment || c.materials) throw nonVerifiable('completeness claims');
  }

  equalCertificateValue(id.buildConfigPath, p.invocation.configSource.entryPoint, 'trigger workflow');
  if (p.materials.length !== 1) throw nonVerifiable(`unexpected number of resolved dependencies: ${p.materials.length}`);
  if (!isEmptyObjectOrNil(p.buildConfig)) throw nonVerifiable('buildConfig is not empty');
}

/** Every key of `obj` must be in `allowed`. */
function onlyKeys(obj: JsonObject, allowed: readonly string[], where: string): void {
  for (const name of Object.keys(obj)) {
    if (!allowed.includes(name)) throw mismatch(`unknown '${name}' in ${where}`);
  }
}

function objectField(obj: unknown, name: string, where: string): JsonObject {
  const got = isJsonObject(obj) ? getOwn(obj, name) : { found: false as const };
  if (!got.found || !isJsonObject(got.value)) throw new VerifyError('ErrorInvalidDssePayload', `${where}.${name} is not an object`);
  return got.value;
}

/**
 * The predicate @actions/attest writes for GitHub's workflow build type
 * (actions/attest-build-provenance) in the user's own workflow: the npm CLI
 * v1 rules, plus what that build type adds and the certificate vouches for:
 * the runner claim, the caller workflow as one URI (1.18), the source
 * dependency's URI and the builder ID (the signer, 1.9).
 */
export function verifyWorkflowProvenanceMatchesCertificate(statement: StatementV1, id: WorkflowIdentity, buildConfigUri: string | undefined): void {
  verifyV1(statement, id, { runnerEnvironment: true });
  const { buildDefinition: def, runDetails: run } = statement.predicate;
  const external = objectField(def.externalParameters, 'workflow', 'externalParameters');
  const caller = `${stringClaim(external, 'repository') ?? ''}/${stringClaim(external, 'path') ?? ''}@${stringClaim(external, 'ref') ?? ''}`;
  equalCertificateValue(buildConfigUri, caller, 'workflow (repository/path@ref)');
  const dependency = def.resolvedDependencies[0]!;
  equalCertificateValue(id.sourceRef === undefined ? undefined : `git+https://github.com/${id.sourceRepository}@${id.sourceRef}`, dependency.uri, 'resolvedDependencies[0].uri');
  if (dependency.digest['gitCommit'] === undefined) throw mismatch('resolvedDependencies[0].digest.gitCommit is missing');
  equalCertificateValue(id.subjectWorkflow.uri, run.builder.id, 'builder.id');
  if (run.metadata.invocationId === '') throw mismatch('runDetails.metadata.invocationId is missing');
}

function verifyV1(s: StatementV1, id: WorkflowIdentity, options: { runnerEnvironment?: boolean } = {}): void {
  const { buildDefinition: def, runDetails: run } = s.predicate;

  const internal = def.internalParameters;
  if (!isJsonObject(internal)) throw new VerifyError('ErrorInvalidDssePayload', 'internal parameters type');
  onlyKeys(internal, ['github'], 'internalParameters');
  const github = objectField(internal, 'github', 'internalParameters');
  const githubKeys = ['event_name', 'repository_id', 'repository_owner_id', ...(options.runnerEnvironment ? ['runner_environment'] : [])];
  onlyKeys(github, githubKeys, 'internalParameters.github');
  const githubValues: Record<string, string | undefined> = {
    event_name: id.buildTrigger,
    repository_id: id.sourceId,
    repository_owner_id: id.sourceOwnerId,
    ...(options.runnerEnvironment ? { runner_environment: id.runnerEnvironment } : {}),
  };
  for (const [name, certValue] of Object.entries(githubValues)) {
    const claimed = stringClaim(github, name);
    if (claimed !== undefined) equalCertificateValue(certValue, claimed, `github.${name}`);
  }

  const external = def.externalParameters;
  if (!isJsonObject(external)) throw new VerifyError('ErrorInvalidDssePayload', 'external parameters type');
  onlyKeys(external, ['workflow'], 'externalParameters');
  const workflow = objectField(external, 'workflow', 'externalParameters');
  onlyKeys(workflow, ['ref', 'repository', 'path'], 'externalParameters.workflow');
  equalCertificateValue(id.sourceRef, stringClaim(workflow, 'ref') ?? '', 'workflow.ref');
  equalCertificateValue(`https://github.com/${id.sourceRepository}`, stringClaim(workflow, 'repository') ?? '', 'workflow.repository');
  equalCertificateValue(id.buildConfigPath, stringClaim(workflow, 'path') ?? '', 'trigger workflow');

  if (def.resolvedDependencies.length !== 1) {
    throw nonVerifiable(`unexpected number of resolved dependencies: ${def.resolvedDependencies.length}`);
  }
  const commit = def.resolvedDependencies[0]!.digest['gitCommit'];
  if (commit !== undefined) equalCertificateValue(id.sourceSha1, commit, 'resolvedDependencies[0].digest.gitCommit');

  const invocationId = run.metadata.invocationId;
  if (invocationId !== '') {
    const expected = id.runId === undefined ? undefined : `https://github.com/${id.sourceRepository}/actions/runs/${id.runId}`;
    equalCertificateValue(expected, invocationId, 'invocation ID');
  }
  if (run.metadata.startedOn !== undefined) throw nonVerifiable(`build start time: ${run.metadata.startedOn}`);
  if (run.metadata.finishedOn !== undefined) throw nonVerifiable(`build finish time: ${run.metadata.finishedOn}`);
  if (run.byproducts.length > 0 || run.builder.builderDependencies.length > 0) throw nonVerifiable('byproducts or builder dependencies');
}
