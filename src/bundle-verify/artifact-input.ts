import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { VerifyError } from '../errors/index.js';

/** What verify-bundle checks the bundle against: the artifact's bytes, or only its SHA-256. */
export type ArtifactInput =
  | { kind: 'file'; path: string; bytes: Buffer; sha256: Buffer }
  | { kind: 'digest'; sha256: Buffer };

/** Message signatures need the bytes in memory (the library verifies over them); this bounds a hostile input. */
const MAX_ARTIFACT_BYTES = 2 ** 31 - 1;

/**
 * The conformance protocol's FILE_OR_DIGEST: `sha256:` + 64 hex digits that is
 * not a path on disk is a digest; anything else is a file path.
 */
export async function readArtifactInput(value: string): Promise<ArtifactInput> {
  const digest = /^sha256:([0-9a-fA-F]{64})$/.exec(value);
  if (digest && !existsSync(value)) return { kind: 'digest', sha256: Buffer.from(digest[1]!, 'hex') };
  let bytes: Buffer;
  try {
    bytes = await readFile(value);
  } catch (err) {
    throw new VerifyError('ErrorUnreadableFile', `artifact ${value}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  if (bytes.length > MAX_ARTIFACT_BYTES) throw new VerifyError('ErrorInvalidFormat', `artifact ${value} is too large`);
  return { kind: 'file', path: value, bytes, sha256: createHash('sha256').update(bytes).digest() };
}
