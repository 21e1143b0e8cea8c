import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import type { HashOutcome } from '../artifacts/hash-artifacts.js';
import { hashFile, type DigestAlgorithm, type Digests } from '../artifacts/hash-file.js';
import { asVerifyError, VerifyError } from '../errors/index.js';

/**
 * Packages in a lockfile are mostly kilobytes: hashFile's two 4 MiB streaming
 * buffers per file made a 500-package tree spend most of its time in
 * allocation and GC (measured), so a small file is read whole instead.
 */
const SMALL_BYTES = 8 * 1024 * 1024;

export async function hashLockedFile(path: string, algorithms: readonly DigestAlgorithm[]): Promise<HashOutcome> {
  try {
    let info;
    try {
      info = await stat(path);
    } catch (err) {
      throw new VerifyError('ErrorUnreadableFile', `artifact ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
    }
    if (!info.isFile()) throw new VerifyError('ErrorUnreadableFile', `artifact ${path}: not a regular file`);
    if (info.size > SMALL_BYTES) return { ok: true, digests: await hashFile(path, algorithms) };
    const bytes = await readFile(path);
    const digests: Digests = {};
    for (const alg of algorithms) digests[alg] = createHash(alg).update(bytes).digest('hex');
    return { ok: true, digests };
  } catch (err) {
    return { ok: false, error: asVerifyError(err) };
  }
}
