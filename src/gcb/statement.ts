import * as z from 'zod';
import { VerifyError } from '../errors/index.js';
import { goDecode } from './go-decode.js';
import { PREDICATE_SLSA_V01, PREDICATE_SLSA_V1, V01_STATEMENT, V1_STATEMENT } from './types.js';
import { ownRecord } from '../input/own-record.js';
import { parseUntrustedJson } from '../files/untrusted-json.js';

/**
 * A signature-verified Cloud Build statement and the accessors slsa-verifier's
 * gcb/slsaprovenance v0.1 and v1.0 packages give it, with their error codes.
 */

const STATEMENT_TYPES: ReadonlySet<string> = new Set(['https://in-toto.io/Statement/v0.1', 'https://in-toto.io/Statement/v1']);

const subjects = z.array(z.object({ name: z.string(), digest: ownRecord(z.string()).nullable() })).nullable();

const v01Shape = z.object({
  _type: z.string(),
  predicateType: z.string(),
  subject: subjects,
  predicate: z.object({
    builder: z.object({ id: z.string() }),
    recipe: z.object({ type: z.string(), arguments: z.unknown() }).loose(),
    materials: z.array(z.object({ uri: z.string() }).loose()).nullable(),
  }).loose(),
});

const v1Shape = z.object({
  _type: z.string(),
  predicateType: z.string(),
  subject: subjects,
  predicate: z.object({
    buildDefinition: z.object({ buildType: z.string(), externalParameters: z.unknown(), internalParameters: z.unknown() }).loose(),
    runDetails: z.object({ builder: z.object({ id: z.string() }).loose() }).loose(),
  }),
});

export type GcbStatement =
  | { version: 'v0.1'; predicateType: string; decoded: unknown; statement: z.infer<typeof v01Shape> }
  | { version: 'v1'; predicateType: string; decoded: unknown; statement: z.infer<typeof v1Shape> };

/** Go's json.Unmarshal of the DSSE payload into the statement struct, then ValidateStatementTypes. */
export function parseGcbStatement(payload: Uint8Array, version: 'v0.1' | 'v1'): GcbStatement {
  let json: unknown;
  try {
    json = parseUntrustedJson(new TextDecoder().decode(payload));
  } catch {
    throw new VerifyError('ErrorInvalidDssePayload', 'payload is not JSON');
  }
  const decoded = goDecode(json, version === 'v1' ? V1_STATEMENT : V01_STATEMENT);
  const shape = (version === 'v1' ? v1Shape : v01Shape).safeParse(decoded);
  if (!shape.success) throw new VerifyError('ErrorInvalidDssePayload', 'unexpected statement shape');
  const expectedPredicate = version === 'v1' ? PREDICATE_SLSA_V1 : PREDICATE_SLSA_V01;
  if (!STATEMENT_TYPES.has(shape.data._type)) {
    throw new VerifyError('ErrorInvalidDssePayload', `unexpected statement header type '${shape.data._type}'`);
  }
  if (shape.data.predicateType !== expectedPredicate) {
    throw new VerifyError('ErrorInvalidDssePayload', `expected statement predicate type '${expectedPredicate}', got '${shape.data.predicateType}'`);
  }
  return version === 'v1'
    ? { version, predicateType: shape.data.predicateType, decoded, statement: shape.data as z.infer<typeof v1Shape> }
    : { version, predicateType: shape.data.predicateType, decoded, statement: shape.data as z.infer<typeof v01Shape> };
}

export function builderIdOf(s: GcbStatement): string {
  return s.version === 'v1' ? s.statement.predicate.runDetails.builder.id : s.statement.predicate.builder.id;
}

export function buildTypeOf(s: GcbStatement): string {
  return s.version === 'v1' ? s.statement.predicate.buildDefinition.buildType : s.statement.predicate.recipe.type;
}

export function subjectsOf(s: GcbStatement): { name: string; digest: Record<string, string> | null }[] {
  const list = s.statement.subject ?? [];
  if (list.length === 0) throw new VerifyError('ErrorInvalidDssePayload', 'no subjects');
  return list;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function getAsString(m: Record<string, unknown>, field: string): string {
  if (!Object.hasOwn(m, field)) throw new VerifyError('ErrorInvalidDssePayload', `type for ${field}`);
  const value = m[field];
  if (typeof value !== 'string') throw new VerifyError('ErrorInvalidDssePayload', `type string '${field}'`);
  return value;
}

/** v1.0: externalParameters.buildConfigSource.<field>. */
function configSourceField(params: Record<string, unknown>, field: string): string {
  if (!Object.hasOwn(params, 'buildConfigSource')) throw new VerifyError('ErrorNotPresent', 'buildConfigSource');
  const source = params['buildConfigSource'];
  if (!isObject(source)) throw new VerifyError('ErrorInvalidDssePayload', 'parameters type buildConfigSource');
  return getAsString(source, field);
}

export function sourceUriOf(s: GcbStatement): string {
  if (s.version === 'v1') {
    const params = s.statement.predicate.buildDefinition.externalParameters;
    if (!isObject(params)) throw new VerifyError('ErrorInvalidDssePayload', 'system parameters type');
    const ref = configSourceField(params, 'ref');
    const repository = configSourceField(params, 'repository');
    return `${repository}@${ref}`;
  }
  const first = s.statement.predicate.materials?.[0];
  if (!first) throw new VerifyError('ErrorInvalidDssePayload', 'no material');
  if (first.uri === '') throw new VerifyError('ErrorMalformedURI', 'empty uri');
  return first.uri;
}

/** A substitution lookup failure: slsa-verifier's (sentinel-less) ErrSubstitution. */
class SubstitutionError extends VerifyError {
  constructor(detail: string) {
    super('ErrorInvalidDssePayload', `GCB substitution variable error: ${detail}`);
  }
}

function substitution(map: unknown, name: string): string {
  if (!isObject(map) || !Object.hasOwn(map, name)) throw new SubstitutionError(`no entry '${name}' in substitution map`);
  const value = map[name];
  if (typeof value !== 'string') throw new SubstitutionError(`value '${String(value)}' is not a string`);
  return value;
}

/** The tag the build ran on; every failure here becomes a tag mismatch in the caller. */
export function sourceTagOf(s: GcbStatement): string {
  if (s.version === 'v1') {
    const params = s.statement.predicate.buildDefinition.internalParameters;
    if (!isObject(params)) throw new VerifyError('ErrorInvalidDssePayload', 'system parameters type');
    const substitutions = params['systemSubstitutions'];
    if (!isObject(substitutions)) throw new SubstitutionError("no entry 'systemSubstitutions' in substitution map");
    const tag = substitution(substitutions, 'TAG_NAME');
    const configTag = configSourceField(params, 'ref');
    // slsa-verifier compares against refs/heads/ (sic): kept as is for identical verdicts.
    if (`refs/heads/${tag}` !== configTag) {
      throw new VerifyError('ErrorInvalidDssePayload', `'refs/heads/${tag}' != '${configTag}'`);
    }
    return tag;
  }
  const args = s.statement.predicate.recipe.arguments;
  if (!isObject(args)) throw new SubstitutionError('cannot cast arguments as map');
  if (!Object.hasOwn(args, 'substitutions')) throw new SubstitutionError("no 'substitutions' field");
  const substitutions = args['substitutions'];
  if (!isObject(substitutions)) throw new SubstitutionError('cannot convert substitutions to a map');
  return substitution(substitutions, 'TAG_NAME');
}
