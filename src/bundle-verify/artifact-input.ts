import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { parseDigestArgument } from '../artifacts/digest-argument.js';
import { VerifyError } from '../errors/index.js';
import { readBoundedFile } from '../files/read-bounded.js';
import { FILE_CAPS } from '../files/caps.js';

/** What verify-bundle checks the bundle against: the artifact's bytes, or only its SHA-256. */
export type ArtifactInput =
  | { kind: 'file'; path: string; bytes: Buffer; sha256: Buffer }
  | { kind: 'digest'; sha256: Buffer };

/** Message signatures need the bytes in memory (the library verifies over them); this bounds a hostile input. */
const MAX_ARTIFACT_BYTES = FILE_CAPS.bundleArtifact;

/**
 * The conformance protocol's FILE_OR_DIGEST: `sha256:` + 64 hex digits is a
 * digest, anything else a file path. A digest that is also the name of a file
 * is refused, as verify-artifact does: neither reading is guessed.
 */
export async function readArtifactInput(value: string): Promise<ArtifactInput> {
  const digest = parseDigestArgument(value);
  if (digest) {
    if (existsSync(value)) {
      throw new VerifyError('ErrorUsage', `${value} is both a digest and an existing file; write ./${value} for the file`);
    }
    if (digest.algorithm !== 'sha256') throw new VerifyError('ErrorNotSupported', 'verify-bundle takes sha256 digests only');
    return { kind: 'digest', sha256: Buffer.from(digest.hex, 'hex') };
  }
  const bytes = await readBoundedFile(value, { what: 'artifact', maxBytes: MAX_ARTIFACT_BYTES, tooLargeCode: 'ErrorInvalidFormat' });
  return { kind: 'file', path: value, bytes, sha256: createHash('sha256').update(bytes).digest() };
}
