import { createHash } from 'node:crypto';
import { VerifyError } from '../errors/index.js';
import { openRegularFile } from '../files/read-bounded.js';

export type DigestAlgorithm = 'sha256' | 'sha512';
export type Digests = Partial<Record<DigestAlgorithm, string>>;

/** Large reads keep syscall overhead negligible next to hashing (measured by `npm run bench`). */
const CHUNK_BYTES = 4 * 1024 * 1024;

/**
 * Hash a file by streaming it through every requested algorithm at once: the
 * file is read a single time, never held whole in memory. Two buffers let the
 * next read run in the thread pool while this one is hashed.
 */
export async function hashFile(path: string, algorithms: readonly DigestAlgorithm[]): Promise<Digests> {
  // A FIFO opens at once (non-blocking) and is refused with /dev/zero and directories: only a regular file is hashed.
  const { handle, stat } = await openRegularFile(path, { what: 'artifact' });
  try {
    const hashes = algorithms.map((alg) => createHash(alg));
    // Buffers no larger than the file: most packages in a lockfile are kilobytes,
    // and two 4 MiB buffers each made a 500-package tree spend its time in GC (measured).
    const chunkBytes = Math.min(CHUNK_BYTES, Math.max(stat.size, 64 * 1024));
    const buffers = chunkBytes === CHUNK_BYTES ? takeLargeBuffers() : [Buffer.allocUnsafe(chunkBytes), Buffer.allocUnsafe(chunkBytes)];
    let turn = 0;
    let pending = handle.read(buffers[0]!, 0, chunkBytes, null);
    for (;;) {
      const { bytesRead, buffer } = await pending;
      if (bytesRead === 0) break;
      turn ^= 1;
      pending = handle.read(buffers[turn]!, 0, chunkBytes, null);
      const chunk = buffer.subarray(0, bytesRead);
      for (const hash of hashes) hash.update(chunk);
    }
    // No read is in flight once one returned nothing: the pair may serve the next file.
    // (After a failure one might be, so those buffers are left to the collector.)
    if (buffers[0]!.length === CHUNK_BYTES) spareLargeBuffers = buffers;
    const out: Digests = {};
    algorithms.forEach((alg, i) => (out[alg] = hashes[i]!.digest('hex')));
    return out;
  } catch (err) {
    if (err instanceof VerifyError) throw err;
    throw new VerifyError('ErrorUnreadableFile', `artifact ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  } finally {
    await handle.close();
  }
}

/**
 * One pair of large buffers per thread, reused from file to file: a new pair per
 * file is garbage V8 is slow to collect (it lives outside its heap), and eight
 * 256 MiB files grew the peak RSS by 50 MB (measured by `npm run bench`).
 */
let spareLargeBuffers: Buffer[] | undefined;

function takeLargeBuffers(): Buffer[] {
  const pair = spareLargeBuffers ?? [Buffer.allocUnsafe(CHUNK_BYTES), Buffer.allocUnsafe(CHUNK_BYTES)];
  spareLargeBuffers = undefined;
  return pair;
}

