import * as z from 'zod';
import { VerifyError } from '../errors/index.js';
import { parseStatementJson } from './intoto-headers.js';
import { emptyRecord, ownRecord } from '../input/own-record.js';

const goString = z.string().nullish().transform((v) => v ?? '');

/** The npm publish statement: header, subjects and the predicate's name and version (Go reads it leniently). */
const publishStatementSchema = z
  .object({
    _type: goString,
    predicateType: goString,
    subject: z
      .array(z.object({ name: goString, digest: ownRecord(z.string()).nullish().transform((v) => v ?? emptyRecord<string>()) }).loose())
      .nullish()
      .transform((v) => v ?? []),
    predicate: z
      .object({ name: goString, version: goString })
      .loose()
      .nullish()
      .transform((v) => v ?? { name: '', version: '' }),
  })
  .loose();
export type PublishStatement = z.output<typeof publishStatementSchema>;

export function parsePublishStatement(payload: Uint8Array): PublishStatement {
  const parsed = publishStatementSchema.safeParse(parseStatementJson(payload));
  if (!parsed.success) throw new VerifyError('ErrorInvalidDssePayload', `publish attestation: ${parsed.error.issues[0]?.message ?? 'bad shape'}`);
  return parsed.data;
}

/** The registry's statement must name the tarball's sha512 (verifyPublishAttestationSubjectDigest). */
export function verifyPublishSubjectDigest(statement: PublishStatement, sha512: string): void {
  if (statement.subject.length === 0) throw new VerifyError('ErrorInvalidDssePayload', 'publish attestation: no subjects');
  if (!statement.subject.some((s) => Object.hasOwn(s.digest, 'sha512') && s.digest['sha512'] === sha512)) {
    throw new VerifyError('ErrorMismatchHash', `expected hash '${sha512}' not found in the publish attestation`, { expected: `sha512:${sha512}` });
  }
}
