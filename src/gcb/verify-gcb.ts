import type { KeyObject } from 'node:crypto';
import { TrustedBuilderId } from '../checks/builder-id.js';
import type { CheckId, CheckResult } from '../checks/run-checks.js';
import { compareVersionedTag } from '../checks/versioned-tag.js';
import { asVerifyError, VerifyError } from '../errors/index.js';
import { parseGcloudProvenance } from './gcloud-file.js';
import { goDeepEqual } from './go-decode.js';
import { verifyGcbSignature, type VerifiedGcbEntry } from './signatures.js';
import { builderIdOf, buildTypeOf, sourceTagOf, sourceUriOf, subjectsOf, type GcbStatement } from './statement.js';
import { GCB_V01_BUILDER_IDS, GCB_V1_BUILD_TYPE, GCB_V1_BUILDER_IDS } from './types.js';

/**
 * Google Cloud Build provenance for an image, checked as slsa-verifier's GCB
 * verifier does (verifiers/internal/gcb/verifier.go), in its order and with
 * its error codes: signature, builder, subject digest, source, metadata,
 * image summary, text copy, then branch (never supported), tag, versioned tag.
 */

export interface GcbPolicy {
  sourceUri: string;
  sourceBranch?: string | undefined;
  sourceTag?: string | undefined;
  sourceVersionedTag?: string | undefined;
  /** Required: the CLI only reaches this verifier when --builder-id names Cloud Build. */
  builderId: string;
}

export interface GcbOutcome {
  ok: boolean;
  error: VerifyError | undefined;
  /** Name of the key whose signature verified. */
  keyName: string | undefined;
  builderId: string | undefined;
  sourceUri: string | undefined;
  /** The signed payload the verdict rests on. */
  payload: Buffer | undefined;
  statement: GcbStatement | undefined;
  checks: CheckResult[];
}

const RECIPE_ARGUMENTS_TYPE = 'type.googleapis.com/google.devtools.cloudbuild.v1.Build';
const V03_RECIPES = ['https://cloudbuild.googleapis.com/CloudBuildYaml@', 'https://cloudbuild.googleapis.com/CloudBuildSteps@'];

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function verifyBuilder(s: GcbStatement, expected: string): TrustedBuilderId {
  const id = builderIdOf(s);
  const known = s.version === 'v1' ? GCB_V1_BUILDER_IDS : GCB_V01_BUILDER_IDS;
  if (!known.includes(id)) throw new VerifyError('ErrorInvalidBuilderID', `'${id}'`, { actual: id });
  // v1.0 builder IDs carry no version.
  const builder = new TrustedBuilderId(id, s.version === 'v0.1');
  builder.matchesLoose(expected, false);

  const buildType = buildTypeOf(s);
  if (GCB_V01_BUILDER_IDS.includes(builder.toString())) {
    if (builder.version === 'v0.2' && buildType !== builder.toString()) {
      throw new VerifyError('ErrorInvalidRecipe', `expected '${builder.toString()}', got '${buildType}'`);
    }
    if (builder.version === 'v0.3' && !V03_RECIPES.some((r) => buildType.startsWith(r))) {
      throw new VerifyError('ErrorInvalidRecipe', `expected one of '${V03_RECIPES.join(',')}', got '${buildType}'`);
    }
  } else if (GCB_V1_BUILDER_IDS.includes(builder.toString())) {
    if (buildType !== GCB_V1_BUILD_TYPE) throw new VerifyError('ErrorInvalidBuildType', `invalid build type ${buildType}`);
  } else {
    throw new VerifyError('ErrorInvalidBuilderID', `unknown builder ID ${builder.toString()}`);
  }

  if (s.version === 'v0.1') {
    const args = s.statement.predicate.recipe.arguments;
    if (!isObject(args)) throw new VerifyError('ErrorInvalidDssePayload', 'recipe arguments is not a map');
    if (!Object.hasOwn(args, '@type')) throw new VerifyError('ErrorInvalidDssePayload', "'@type' field is absent");
    const type = args['@type'];
    if (typeof type !== 'string') throw new VerifyError('ErrorInvalidDssePayload', "'@type' is not a string");
    if (type !== RECIPE_ARGUMENTS_TYPE) {
      throw new VerifyError('ErrorMismatchBuilderID', `expected '${RECIPE_ARGUMENTS_TYPE}', got '${type}'`);
    }
  }
  return builder;
}

function verifySubjectDigest(s: GcbStatement, digest: string): void {
  for (const subject of subjectsOf(s)) {
    const hash = subject.digest?.['sha256'];
    if (hash === undefined) throw new VerifyError('ErrorInvalidDssePayload', 'no sha256 subject digest');
    if (hash === digest) return;
  }
  throw new VerifyError('ErrorMismatchHash', `expected hash '${digest}' not found`, { expected: digest });
}

function verifySource(s: GcbStatement, builder: TrustedBuilderId, expectedSourceUri: string): string {
  const uri = sourceUriOf(s).replace(/^git\+/, '');
  // Cloud Build writes https:// URIs; users give github.com/owner/repo.
  const expected = uri.startsWith('https://') && !expectedSourceUri.startsWith('https://') ? `https://${expectedSourceUri}` : expectedSourceUri;
  const mismatch = (): VerifyError => new VerifyError('ErrorMismatchSource', `expected '${expected}', got '${uri}'`, { expected, actual: uri });
  if (s.version === 'v1') {
    const parts = uri.split('@');
    if (parts.length !== 2) throw new VerifyError('ErrorInvalidFormat', `no version found in '${uri}'`);
    if (parts[0] !== expected) throw mismatch();
    return uri;
  }
  switch (builder.version) {
    case 'v0.2':
      // e.g. https://github.com/owner/repo/commit/<sha>
      if (!uri.startsWith(`${expected}/commit/`) && !uri.startsWith(`${expected}#`)) throw mismatch();
      return uri;
    case 'v0.3':
      // The "#" form is a versioned GCS source.
      if (uri !== expected && !uri.startsWith(`${expected}#`)) throw mismatch();
      return uri;
    default:
      throw new VerifyError('ErrorInvalidBuilderID', `version '${builder.version}'`);
  }
}

/** Occurrence metadata outside the signed payload: kind and resource URI. */
function verifyMetadata(v: VerifiedGcbEntry, digest: string): void {
  if (v.entry.kind !== 'BUILD') throw new VerifyError('ErrorInvalidFormat', `expected kind to be 'BUILD', got ${v.entry.kind}`);
  if (!v.entry.resourceUri.endsWith(`@sha256:${digest}`)) {
    throw new VerifyError('ErrorMismatchHash', `expected resourceUri '${digest}', got '${v.entry.resourceUri}'`, { expected: digest, actual: v.entry.resourceUri });
  }
}

function verifySummary(summary: { digest: string; fully_qualified_digest: string }, digest: string): void {
  if (summary.digest !== `sha256:${digest}`) {
    throw new VerifyError('ErrorMismatchHash', `expected summary digest '${digest}', got '${summary.digest}'`, { expected: digest, actual: summary.digest });
  }
  if (!summary.fully_qualified_digest.endsWith(`sha256:${digest}`)) {
    throw new VerifyError('ErrorMismatchHash', `expected fully qualified digest '${digest}', got '${summary.fully_qualified_digest}'`);
  }
}

/** The human-readable copy gcloud prints must say what the signed payload says. */
function verifyTextProvenance(v: VerifiedGcbEntry): void {
  const signed = v.statement.decoded;
  let text: unknown;
  if (v.statement.version === 'v1') {
    text = v.entry.build.inTotoSlsaProvenanceV1;
  } else {
    const copy = v.entry.build.intotoStatement;
    text = isObject(copy)
      ? { _type: copy['_type'], predicateType: copy['predicateType'], subject: copy['subject'], predicate: copy['slsaProvenance'] }
      : copy;
  }
  if (!goDeepEqual(text, signed)) {
    throw new VerifyError('ErrorMismatchIntoto', 'the text provenance differs from the signed provenance');
  }
}

function tagOf(s: GcbStatement, code: 'ErrorMismatchTag' | 'ErrorMismatchVersionedTag'): string {
  try {
    return sourceTagOf(s);
  } catch (err) {
    throw new VerifyError(code, asVerifyError(err).message);
  }
}

export function verifyGcbProvenance(bytes: Uint8Array, imageDigest: string, policy: GcbPolicy, keys: ReadonlyMap<string, KeyObject>): GcbOutcome {
  const outcome: GcbOutcome = {
    ok: false, error: undefined, keyName: undefined, builderId: undefined, sourceUri: undefined,
    payload: undefined, statement: undefined, checks: [],
  };
  let verified: VerifiedGcbEntry;
  let summary: { digest: string; fully_qualified_digest: string };
  try {
    const file = parseGcloudProvenance(bytes);
    summary = file.image_summary;
    verified = verifyGcbSignature(file, keys);
  } catch (err) {
    outcome.error = asVerifyError(err);
    return outcome;
  }
  outcome.keyName = verified.keyName;
  outcome.statement = verified.statement;
  const payload = Buffer.from(verified.entry.envelope.payload, 'base64');
  outcome.payload = payload;

  let builder!: TrustedBuilderId;
  const steps: [CheckId, () => { expected?: string; actual?: string } | undefined][] = [
    ['builder-id', () => {
      builder = verifyBuilder(verified.statement, policy.builderId);
      outcome.builderId = builder.toString();
      return { expected: policy.builderId, actual: builder.toString() };
    }],
    ['subject-digest', () => {
      verifySubjectDigest(verified.statement, imageDigest);
      return { expected: `sha256:${imageDigest}` };
    }],
    ['source', () => {
      outcome.sourceUri = verifySource(verified.statement, builder, policy.sourceUri);
      return { expected: policy.sourceUri, actual: outcome.sourceUri };
    }],
    ['provenance-format', () => {
      verifyMetadata(verified, imageDigest);
      verifySummary(summary, imageDigest);
      verifyTextProvenance(verified);
      return { actual: `${verified.statement.predicateType} signed with key ${verified.keyName}` };
    }],
    ['branch', () => {
      if (policy.sourceBranch === undefined) return undefined;
      throw new VerifyError('ErrorNotSupported', `branch verification is not supported for Cloud Build provenance (expected branch '${policy.sourceBranch}')`);
    }],
    ['tag', () => {
      if (policy.sourceTag === undefined) return undefined;
      const tag = tagOf(verified.statement, 'ErrorMismatchTag');
      if (tag !== policy.sourceTag) throw new VerifyError('ErrorMismatchTag', `expected '${policy.sourceTag}', got '${tag}'`, { expected: policy.sourceTag, actual: tag });
      return { expected: policy.sourceTag, actual: tag };
    }],
    ['versioned-tag', () => {
      if (policy.sourceVersionedTag === undefined) return undefined;
      const tag = tagOf(verified.statement, 'ErrorMismatchVersionedTag');
      compareVersionedTag(tag, policy.sourceVersionedTag);
      return { expected: policy.sourceVersionedTag, actual: tag };
    }],
  ];

  for (const [id, step] of steps) {
    if (outcome.error) {
      outcome.checks.push({ id, status: 'skipped', message: 'not run: an earlier check failed' });
      continue;
    }
    try {
      const result = step();
      outcome.checks.push(result === undefined ? { id, status: 'skipped', message: 'not requested' } : { id, status: 'pass', ...result });
    } catch (err) {
      const error = asVerifyError(err);
      outcome.error = error;
      outcome.checks.push({ id, status: 'fail', code: error.code, message: error.message });
    }
  }
  outcome.ok = outcome.error === undefined;
  if (!outcome.ok) outcome.builderId = undefined;
  return outcome;
}
