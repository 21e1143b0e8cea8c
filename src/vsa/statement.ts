import * as z from 'zod';
import { VerifyError } from '../errors/index.js';
import { emptyRecord, ownRecord } from '../input/own-record.js';
import { IN_TOTO_STATEMENT_TYPES } from '../provenance/statement.js';
import type { DsseEnvelope } from './envelope.js';
import { refuseFoldedKeys, type GoFieldTable } from './go-keys.js';
import { parseUntrustedJson } from '../files/untrusted-json.js';

export const VSA_PREDICATE_TYPE = 'https://slsa.dev/verification_summary/v1';

const goString = z.string().nullish().transform((v) => v ?? '');
const stringMap = ownRecord(z.string()).nullish().transform((v) => v ?? emptyRecord<string>());
const material = z.object({ uri: goString, digest: stringMap }).loose().nullish();

/**
 * A VSA v1 statement with the types slsa-verifier's vsa10.VSA gives its
 * fields: a field of the wrong type fails, unknown fields are ignored, null
 * or absent reads as empty (Go's zero value).
 */
const vsaSchema = z
  .object({
    _type: goString,
    predicateType: goString,
    subject: z
      .array(z.object({ name: goString, digest: stringMap }).loose())
      .nullish()
      .transform((v) => v ?? []),
    predicate: z
      .object({
        verifier: z.object({ id: goString, version: stringMap }).loose().nullish().transform((v) => v ?? { id: '', version: {} }),
        timeVerified: z
          .string()
          .regex(/^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/, 'not an RFC 3339 time')
          .nullish(),
        resourceUri: goString,
        policy: material,
        inputAttestations: z.array(material).nullish(),
        verificationResult: goString,
        verifiedLevels: z.array(z.string()).nullish().transform((v) => v ?? []),
        dependencyLevels: ownRecord(z.number().int()).nullish(),
        slsaVersion: goString,
      })
      .loose()
      .nullish()
      .transform((v) => v ?? { verifier: { id: '', version: {} }, resourceUri: '', verificationResult: '', verifiedLevels: [], slsaVersion: '' }),
  })
  .loose();
export type Vsa = z.output<typeof vsaSchema>;

/** The fields of the VSA structs slsa-verifier decodes into (vsa10.VSA). */
const VSA_FIELDS: GoFieldTable = [
  { path: [], fields: ['_type', 'predicateType', 'subject', 'predicate'] },
  { path: ['subject', '*'], fields: ['name', 'digest'] },
  { path: ['predicate'], fields: ['verifier', 'timeVerified', 'resourceUri', 'policy', 'inputAttestations', 'verificationResult', 'verifiedLevels', 'dependencyLevels', 'slsaVersion'] },
  { path: ['predicate', 'verifier'], fields: ['id', 'version'] },
];

/** Go's base64.StdEncoding: standard alphabet, padded. */
const STD_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * The signed payload as a VSA v1, as slsa-verifier reads it
 * (utils.StatementFromEnvelope, then vsa10.VSAFromStatement): standard
 * base64, not empty, an in-toto Statement v0.1 or v1, the VSA v1 predicate type.
 */
export function vsaFromEnvelope(envelope: DsseEnvelope): { vsa: Vsa; payload: Buffer } {
  if (!STD_BASE64.test(envelope.payload)) throw new VerifyError('ErrorInvalidDssePayload', 'the payload is not standard base64');
  const payload = Buffer.from(envelope.payload, 'base64');
  if (payload.length === 0) throw new VerifyError('ErrorInvalidFormat', 'empty payload');
  let json: unknown;
  try {
    json = parseUntrustedJson(new TextDecoder('utf-8').decode(payload));
  } catch (err) {
    throw new VerifyError('ErrorInvalidDssePayload', `decoding json: ${err instanceof Error ? err.message : String(err)}`);
  }
  refuseFoldedKeys(json, VSA_FIELDS);
  const parsed = vsaSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new VerifyError('ErrorInvalidDssePayload', `${issue?.path.map(String).join('.') ?? ''}: ${issue?.message ?? 'bad shape'}`);
  }
  if (!IN_TOTO_STATEMENT_TYPES.has(parsed.data._type)) {
    throw new VerifyError('ErrorInvalidDssePayload', `invalid statement type: "${parsed.data._type}"`, {
      expected: [...IN_TOTO_STATEMENT_TYPES].join(' or '),
      actual: parsed.data._type,
    });
  }
  if (parsed.data.predicateType !== VSA_PREDICATE_TYPE) {
    throw new VerifyError('ErrorInvalidDssePayload', `expected predicate type "${VSA_PREDICATE_TYPE}", got "${parsed.data.predicateType}"`, {
      expected: VSA_PREDICATE_TYPE,
      actual: parsed.data.predicateType,
    });
  }
  return { vsa: parsed.data, payload };
}
