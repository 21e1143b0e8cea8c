import { createHash } from 'node:crypto';
import * as z from 'zod';
import { VerifyError } from '../errors/index.js';
import { ownRecord } from '../input/own-record.js';
import { parseUntrustedJson } from '../files/untrusted-json.js';
import { artifactDigest, BUNDLE_DIGEST_ALGORITHMS, describeArtifact, type ArtifactInput } from './artifact-input.js';

const IN_TOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json';

/** sigstore-go's bounds: a statement cannot make the comparison costly. */
const MAX_SUBJECTS = 1024;
const MAX_SUBJECT_DIGESTS = 32;

/** Only what the artifact check reads: the subjects' digests. */
const statementSubjects = z
  .object({
    subject: z
      .array(z.object({ digest: ownRecord(z.string()).refine((d) => Object.keys(d).length <= MAX_SUBJECT_DIGESTS) }).loose())
      .min(1)
      .max(MAX_SUBJECTS),
  })
  .loose();

/**
 * The library ignores the artifact for DSSE bundles, so it is checked here.
 * An in-toto statement names the artifact in one of its subjects; any other
 * payload is itself the artifact (as sigstore-go verifies a non-in-toto
 * envelope): the signed bytes must be the artifact's bytes.
 */
export function checkStatementSubject(payloadType: string, payload: Buffer, artifact: ArtifactInput): void {
  if (payloadType !== IN_TOTO_PAYLOAD_TYPE) {
    checkPayloadIsArtifact(payloadType, payload, artifact);
    return;
  }
  let json: unknown;
  try {
    json = parseUntrustedJson(new TextDecoder('utf-8', { fatal: true }).decode(payload));
  } catch {
    throw new VerifyError('ErrorInvalidDssePayload', 'the DSSE payload is not JSON');
  }
  const parsed = statementSubjects.safeParse(json);
  if (!parsed.success) throw new VerifyError('ErrorInvalidDssePayload', 'the in-toto statement has no subjects, or too many');
  if (!parsed.data.subject.some((subject) => subjectNames(subject.digest, artifact))) {
    throw new VerifyError('ErrorMismatchHash', `no subject of the statement has ${describeArtifact(artifact)}`);
  }
}

/**
 * A subject names the artifact when it lists at least one digest we can
 * compare and every such digest is the artifact's (a subject whose sha256
 * matches but whose sha512 does not is a contradiction, never a match). For
 * a digest argument only its algorithm can be compared, and it must be listed.
 */
function subjectNames(digests: Record<string, string>, artifact: ArtifactInput): boolean {
  let compared = 0;
  for (const algorithm of BUNDLE_DIGEST_ALGORITHMS) {
    if (!Object.hasOwn(digests, algorithm)) continue;
    const ours = artifactDigest(artifact, algorithm);
    if (ours === undefined) continue;
    if (digests[algorithm]?.toLowerCase() !== ours.toString('hex')) return false;
    compared++;
  }
  return compared > 0;
}

function checkPayloadIsArtifact(payloadType: string, payload: Buffer, artifact: ArtifactInput): void {
  const same =
    artifact.kind === 'file'
      ? artifact.bytes.equals(payload)
      : createHash(artifact.algorithm).update(payload).digest().equals(artifact.digest);
  if (!same) {
    throw new VerifyError('ErrorMismatchHash', `the signed payload (type "${payloadType}", not an in-toto statement) is not the artifact with ${describeArtifact(artifact)}`);
  }
}
