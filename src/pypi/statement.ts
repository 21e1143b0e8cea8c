import * as z from 'zod';
import { VerifyError } from '../errors/index.js';
import { PREDICATE_SLSA_V1 } from '../provenance/statement.js';
import { parseDistFilename, sameDistribution } from './dist-filename.js';
import { ownRecord } from '../input/own-record.js';
import { parseUntrustedJson } from '../files/untrusted-json.js';

export const PYPI_PUBLISH_V1 = 'https://docs.pypi.org/attestations/publish/v1';
const STATEMENT_V1 = 'https://in-toto.io/Statement/v1';
/** The attestation types PyPI accepts (pypi-attestations' AttestationType). */
const PREDICATE_TYPES: ReadonlySet<string> = new Set([PYPI_PUBLISH_V1, PREDICATE_SLSA_V1]);

const StatementSchema = z.object({
  _type: z.literal(STATEMENT_V1),
  subject: z.array(z.object({ name: z.string(), digest: ownRecord(z.string()) })),
  predicateType: z.string(),
  predicate: z.unknown().optional(),
});

export type PypiStatement = z.infer<typeof StatementSchema>;

/** The signed payload as an in-toto v1 statement about exactly one distribution. */
export function parsePypiStatement(payload: Buffer): PypiStatement {
  let json: unknown;
  try {
    json = parseUntrustedJson(new TextDecoder('utf-8', { fatal: true }).decode(payload));
  } catch {
    throw new VerifyError('ErrorInvalidDssePayload', 'the statement is not UTF-8 JSON');
  }
  const parsed = StatementSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new VerifyError('ErrorInvalidDssePayload', `not an in-toto v1 statement: ${issue ? `${issue.path.join('.')}: ${issue.message}` : 'invalid'}`);
  }
  if (!PREDICATE_TYPES.has(parsed.data.predicateType)) {
    throw new VerifyError('ErrorInvalidDssePayload', `unknown attestation type ${parsed.data.predicateType}`);
  }
  if (parsed.data.subject.length !== 1) {
    throw new VerifyError('ErrorInvalidSubject', `the statement must have exactly one subject, found ${parsed.data.subject.length}`);
  }
  return parsed.data;
}

/** The one subject names this file (pypi-attestations' filename comparison). */
export function verifySubjectName(statement: PypiStatement, distName: string): void {
  const subject = statement.subject[0]!;
  if (subject.name === '') throw new VerifyError('ErrorInvalidSubject', 'the subject has no name');
  if (!sameDistribution(parseDistFilename(subject.name), parseDistFilename(distName))) {
    throw new VerifyError('ErrorMismatchDistribution', `subject ${subject.name} != ${distName}`, { expected: distName, actual: subject.name });
  }
}

export function verifySubjectDigest(statement: PypiStatement, sha256: string): void {
  const actual = statement.subject[0]!.digest.sha256;
  if (actual !== sha256) {
    throw new VerifyError('ErrorMismatchHash', `subject sha256 ${actual ?? '(none)'} != ${sha256}`, { expected: sha256, actual: actual ?? '' });
  }
}
