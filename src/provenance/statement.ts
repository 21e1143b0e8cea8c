import * as z from 'zod';
import { VerifyError } from '../errors/index.js';
import { canonicalizeGoKeys, isJsonObject } from './go-json.js';
import { emptyRecord, ownRecord } from '../input/own-record.js';
import { parseUntrustedJson } from '../files/untrusted-json.js';

/**
 * in-toto Statement (v0.1 or v1) carrying SLSA provenance v0.2 or v1, parsed
 * as slsa-verifier parses it: Go's encoding/json with DisallowUnknownFields
 * into in-toto-golang's structs. So every typed object is closed (an unknown
 * key fails), while the free-form fields Go types as interface{}
 * (invocation.environment/parameters, buildConfig, external/internalParameters,
 * annotations) accept anything. A JSON null or a missing field reads as Go's
 * zero value, and keys match fields case-insensitively as in Go.
 */

export const IN_TOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json';
/** The in-toto Statement `_type`s slsa-verifier accepts (in-toto-golang v0.1 and attestation v1). */
export const IN_TOTO_STATEMENT_TYPES: ReadonlySet<string> = new Set(['https://in-toto.io/Statement/v0.1', 'https://in-toto.io/Statement/v1']);
export const PREDICATE_SLSA_V02 = 'https://slsa.dev/provenance/v0.2';
export const PREDICATE_SLSA_V1 = 'https://slsa.dev/provenance/v1';

/** A Go struct: closed, Go key matching, null or absent -> zero value ({}), unless it is a pointer. */
function goStruct<S extends z.core.$ZodLooseShape>(shape: S) {
  const fields = Object.keys(shape);
  return z.preprocess((v: unknown) => {
    if (v === null || v === undefined) return {};
    return isJsonObject(v) ? canonicalizeGoKeys(v, fields) : v;
  }, z.strictObject(shape));
}

/** A Go pointer to struct: null or absent -> nil (undefined). */
function goPointer<S extends z.core.$ZodLooseShape>(shape: S) {
  const fields = Object.keys(shape);
  return z.preprocess((v: unknown) => {
    if (v === null || v === undefined) return undefined;
    return isJsonObject(v) ? canonicalizeGoKeys(v, fields) : v;
  }, z.strictObject(shape).optional());
}

const goString = z.string().nullish().transform((v) => v ?? '');
const goBool = z.boolean().nullish().transform((v) => v ?? false);

/** map[string]string: a null value stores "", a null map reads as empty. */
const goStringMap = ownRecord(z.string().nullable().transform((v) => v ?? ''))
  .nullish()
  .transform((v) => v ?? emptyRecord<string>());

/** *time.Time: Go accepts RFC 3339 only. */
const goTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/, 'not an RFC 3339 time')
  .nullish()
  .transform((v) => v ?? undefined);

/** []byte: standard base64 with padding. */
const goBytes = z
  .string()
  .regex(/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/, 'not base64')
  .nullish()
  .transform((v) => v ?? undefined);

function goSlice<T extends z.ZodType>(element: T) {
  return z.array(element).nullish().transform((v) => v ?? []);
}

/** interface{}: anything. Absent (undefined) and null both stand for Go's nil. */
const goAny = z.unknown().optional();

const subjectSchema = goStruct({
  name: goString,
  digest: goStringMap,
});

const headerFields = {
  _type: goString,
  predicateType: goString,
  subject: goSlice(subjectSchema),
};

// SLSA v0.2 (in-toto-golang slsa_provenance/v0.2).
const materialSchema = goStruct({ uri: goString, digest: goStringMap });
const predicateV02Schema = goStruct({
  builder: goStruct({ id: goString }),
  buildType: goString,
  invocation: goStruct({
    configSource: goStruct({ uri: goString, digest: goStringMap, entryPoint: goString }),
    parameters: goAny,
    environment: goAny,
  }),
  buildConfig: goAny,
  metadata: goPointer({
    buildInvocationID: goString,
    buildStartedOn: goTime,
    buildFinishedOn: goTime,
    completeness: goStruct({ parameters: goBool, environment: goBool, materials: goBool }),
    reproducible: goBool,
  }),
  materials: goSlice(materialSchema),
});

// SLSA v1 (in-toto-golang slsa_provenance/v1).
const resourceDescriptorSchema = goStruct({
  uri: goString,
  digest: goStringMap,
  name: goString,
  downloadLocation: goString,
  mediaType: goString,
  content: goBytes,
  annotations: ownRecord(z.unknown()).nullish().transform((v) => v ?? undefined),
});
const predicateV1Schema = goStruct({
  buildDefinition: goStruct({
    buildType: goString,
    externalParameters: goAny,
    internalParameters: goAny,
    resolvedDependencies: goSlice(resourceDescriptorSchema),
  }),
  runDetails: goStruct({
    builder: goStruct({
      id: goString,
      version: ownRecord(z.string()).nullish().transform((v) => v ?? undefined),
      builderDependencies: goSlice(resourceDescriptorSchema),
    }),
    metadata: goStruct({ invocationId: goString, startedOn: goTime, finishedOn: goTime }),
    byproducts: goSlice(resourceDescriptorSchema),
  }),
});

/** Go's first pass: the header only, unknown keys allowed (json.Unmarshal into StatementHeader). */
const headerSchema = z.preprocess(
  (v: unknown) => (v === null ? {} : isJsonObject(v) ? canonicalizeGoKeys(v, ['_type', 'predicateType', 'subject']) : v),
  z.looseObject({ ...headerFields, subject: goSlice(z.looseObject({ name: goString, digest: goStringMap })) }),
);

const statementV02Schema = goStruct({ ...headerFields, predicate: predicateV02Schema });
const statementV1Schema = goStruct({ ...headerFields, predicate: predicateV1Schema });

export type Subject = z.output<typeof subjectSchema>;
export type PredicateV02 = z.output<typeof predicateV02Schema>;
export type PredicateV1 = z.output<typeof predicateV1Schema>;
export type ResourceDescriptor = z.output<typeof resourceDescriptorSchema>;

interface StatementHeader {
  _type: string;
  subject: Subject[];
}
export interface StatementV02 extends StatementHeader {
  predicateType: typeof PREDICATE_SLSA_V02;
  predicate: PredicateV02;
}
export interface StatementV1 extends StatementHeader {
  predicateType: typeof PREDICATE_SLSA_V1;
  predicate: PredicateV1;
}
export type Statement = StatementV02 | StatementV1;

function describe(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid statement';
  const path = issue.path.map(String).join('.');
  return path ? `${path}: ${issue.message}` : issue.message;
}

/**
 * Parses a DSSE payload as slsa-verifier's ProvenanceFromEnvelope does. Every
 * failure is ErrorInvalidDssePayload. Which buildType reader applies (and so
 * whether the builder/buildType pair is known) is decided later, once the
 * certificate's builder is trusted: see provenance.ts.
 */
export function parseStatement(payloadType: string, payload: Uint8Array): Statement {
  if (payloadType !== IN_TOTO_PAYLOAD_TYPE) {
    throw new VerifyError('ErrorInvalidDssePayload', `expected payload type "${IN_TOTO_PAYLOAD_TYPE}", got "${payloadType}"`, {
      expected: IN_TOTO_PAYLOAD_TYPE,
      actual: payloadType,
    });
  }
  let json: unknown;
  try {
    // Go replaces invalid UTF-8 with U+FFFD rather than failing; so does a non-fatal decoder.
    json = parseUntrustedJson(new TextDecoder('utf-8').decode(payload));
  } catch (err) {
    throw new VerifyError('ErrorInvalidDssePayload', `decoding json: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }

  const header = headerSchema.safeParse(json);
  if (!header.success) throw new VerifyError('ErrorInvalidDssePayload', `decoding json: ${describe(header.error)}`);
  // slsa-verifier never reads `_type`; a statement of no known in-toto type is still not one to trust (no corpus case carries another).
  if (!IN_TOTO_STATEMENT_TYPES.has(header.data._type)) {
    throw new VerifyError('ErrorInvalidDssePayload', `invalid statement type "${header.data._type}"`, {
      expected: [...IN_TOTO_STATEMENT_TYPES].join(' or '),
      actual: header.data._type,
    });
  }
  const predicateType = header.data.predicateType;

  let parsed;
  if (predicateType === PREDICATE_SLSA_V02) parsed = statementV02Schema.safeParse(json);
  else if (predicateType === PREDICATE_SLSA_V1) parsed = statementV1Schema.safeParse(json);
  else {
    throw new VerifyError('ErrorInvalidDssePayload', `unexpected predicate type "${predicateType}"`, {
      expected: `${PREDICATE_SLSA_V02} or ${PREDICATE_SLSA_V1}`,
      actual: predicateType,
    });
  }
  if (!parsed.success) throw new VerifyError('ErrorInvalidDssePayload', describe(parsed.error));
  return parsed.data as Statement;
}
