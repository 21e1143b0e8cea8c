import { hashFile } from '../artifacts/hash-file.js';
import { VerifyError } from '../errors/index.js';
import type { Descriptor } from './statement.js';

/** A file as an in-toto resource descriptor: the path as given and its SHA-256. */
export async function fileDescriptor(path: string): Promise<Descriptor> {
  let sha256: string | undefined;
  try {
    sha256 = (await hashFile(path, ['sha256'])).sha256;
  } catch (err) {
    throw new VerifyError('ErrorUsage', `--emit-vsa: cannot hash ${path}: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (sha256 === undefined) throw new VerifyError('ErrorInternal', `--emit-vsa: no SHA-256 of ${path}`);
  return { uri: path, digest: { sha256 } };
}
