import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { parseDigestArgument } from '../artifacts/digest-argument.js';
import { VerifyError } from '../errors/index.js';
import { readBoundedFile } from '../files/read-bounded.js';
import { FILE_CAPS } from '../files/caps.js';

/** The digests a Sigstore bundle may name an artifact by (message digests and in-toto subjects). */
export type BundleDigestAlgorithm = 'sha256' | 'sha384' | 'sha512';
export const BUNDLE_DIGEST_ALGORITHMS: readonly BundleDigestAlgorithm[] = ['sha256', 'sha384', 'sha512'];

/**
 * What verify-bundle checks the bundle against: the artifact's bytes (with
 * every digest a bundle may use), or one digest the user gave.
 */
export type ArtifactInput =
  | { kind: 'file'; path: string; bytes: Buffer; digests: Record<BundleDigestAlgorithm, Buffer> }
  | { kind: 'digest'; algorithm: 'sha256' | 'sha512'; digest: Buffer };

/** Message signatures need the bytes in memory (the library verifies over them); this bounds a hostile input. */
const MAX_ARTIFACT_BYTES = FILE_CAPS.bundleArtifact;

/** The artifact's digest with `algorithm`, or undefined when the user gave only another one. */
export function artifactDigest(artifact: ArtifactInput, algorithm: BundleDigestAlgorithm): Buffer | undefined {
  if (artifact.kind === 'file') return artifact.digests[algorithm];
  return artifact.algorithm === algorithm ? artifact.digest : undefined;
}

/** How the artifact is named in messages: its sha256, or the digest given. */
export function describeArtifact(artifact: ArtifactInput): string {
  return artifact.kind === 'file' ? `sha256 ${artifact.digests.sha256.toString('hex')}` : `${artifact.algorithm} ${artifact.digest.toString('hex')}`;
}

export function fileArtifact(path: string, bytes: Buffer): ArtifactInput {
  const digest = (algorithm: BundleDigestAlgorithm): Buffer => createHash(algorithm).update(bytes).digest();
  return { kind: 'file', path, bytes, digests: { sha256: digest('sha256'), sha384: digest('sha384'), sha512: digest('sha512') } };
}

/**
 * The conformance protocol's FILE_OR_DIGEST: `sha256:` + 64 or `sha512:` +
 * 128 hex digits is a digest, anything else a file path. A digest that is
 * also the name of a file is refused, as verify-artifact does: neither
 * reading is guessed.
 */
export async function readArtifactInput(value: string): Promise<ArtifactInput> {
  const digest = parseDigestArgument(value);
  if (digest) {
    if (existsSync(value)) {
      throw new VerifyError('ErrorUsage', `${value} is both a digest and an existing file; write ./${value} for the file`);
    }
    return { kind: 'digest', algorithm: digest.algorithm, digest: Buffer.from(digest.hex, 'hex') };
  }
  const bytes = await readBoundedFile(value, { what: 'artifact', maxBytes: MAX_ARTIFACT_BYTES, tooLargeCode: 'ErrorInvalidFormat' });
  return fileArtifact(value, bytes);
}
