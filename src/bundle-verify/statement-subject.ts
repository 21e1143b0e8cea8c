import * as z from 'zod';
import { VerifyError } from '../errors/index.js';
import { ownRecord } from '../input/own-record.js';

const IN_TOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json';

/** Only what the artifact check reads: the subjects' digests. */
const statementSubjects = z
  .object({ subject: z.array(z.object({ digest: ownRecord(z.string()) }).loose()).min(1) })
  .loose();

/**
 * The library ignores the artifact for DSSE bundles: the artifact is the one
 * the signed in-toto statement names, by SHA-256, in one of its subjects.
 */
export function checkStatementSubject(payloadType: string, payload: Buffer, sha256: Buffer): void {
  if (payloadType !== IN_TOTO_PAYLOAD_TYPE) {
    throw new VerifyError('ErrorInvalidDssePayload', `payload type "${payloadType}" is not an in-toto statement: no subject to match`);
  }
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(payload));
  } catch {
    throw new VerifyError('ErrorInvalidDssePayload', 'the DSSE payload is not JSON');
  }
  const parsed = statementSubjects.safeParse(json);
  if (!parsed.success) throw new VerifyError('ErrorInvalidDssePayload', 'the in-toto statement has no subjects');
  const hex = sha256.toString('hex');
  if (!parsed.data.subject.some((s) => Object.hasOwn(s.digest, 'sha256') && s.digest['sha256']?.toLowerCase() === hex)) {
    throw new VerifyError('ErrorMismatchHash', `no subject of the statement has sha256 ${hex}`, { expected: hex });
  }
}
