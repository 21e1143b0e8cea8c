import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { VerifyError, type ErrorCode } from '../errors/index.js';
import { hashFile, type DigestAlgorithm, type Digests } from './hash-file.js';

/**
 * A worker costs 30-100 ms to start on this class of machine (measured), so a
 * single file is hashed on the main thread, interleaved with module loading and
 * signature checks; workers pay off only when several large files can be hashed
 * side by side.
 */
const WORKER_THRESHOLD_BYTES = 128 * 1024 * 1024;

export type HashOutcome = { ok: true; digests: Digests } | { ok: false; error: VerifyError };

/**
 * Hash every distinct path once (an artifact named twice, or checked against
 * many statements, is still read once), spreading large sets across cores.
 */
export async function hashArtifacts(
  paths: readonly string[],
  algorithms: readonly DigestAlgorithm[],
): Promise<Map<string, HashOutcome>> {
  const unique = [...new Set(paths)];
  const sizes = await Promise.all(unique.map((p) => stat(p).then((s) => s.size, () => 0)));
  const total = sizes.reduce((a, b) => a + b, 0);
  const workers = Math.min(unique.length, availableParallelism());
  const results =
    workers > 1 && total >= WORKER_THRESHOLD_BYTES
      ? await hashInWorkers(unique, algorithms, workers)
      : await Promise.all(unique.map((p) => settle(hashFile(p, algorithms))));
  return new Map(unique.map((p, i) => [p, results[i]!]));
}

/** One file's digests, or why it could not be read: never a throw. */
export function hashOne(path: string, algorithms: readonly DigestAlgorithm[]): Promise<HashOutcome> {
  return settle(hashFile(path, algorithms));
}

async function settle(p: Promise<Digests>): Promise<HashOutcome> {
  try {
    return { ok: true, digests: await p };
  } catch (err) {
    return { ok: false, error: err instanceof VerifyError ? err : new VerifyError('ErrorUnreadableFile', String(err)) };
  }
}

type WorkerReply = { id: number; digests?: Digests; error?: { code: ErrorCode; message: string } };

async function hashInWorkers(
  paths: string[],
  algorithms: readonly DigestAlgorithm[],
  count: number,
): Promise<HashOutcome[]> {
  const results: HashOutcome[] = new Array(paths.length);
  let next = 0;
  const workerUrl = new URL('./hash-worker.js', import.meta.url);
  await Promise.all(
    Array.from({ length: count }, async () => {
      const worker = new Worker(workerUrl);
      try {
        while (next < paths.length) {
          const id = next++;
          const reply = await new Promise<WorkerReply>((resolve, reject) => {
            worker.once('message', resolve);
            worker.once('error', reject);
            worker.postMessage({ id, path: paths[id], algorithms });
          });
          worker.removeAllListeners('error');
          results[id] = reply.digests
            ? { ok: true, digests: reply.digests }
            : { ok: false, error: new VerifyError(reply.error?.code ?? 'ErrorInternal', stripSentence(reply.error?.message)) };
        }
      } finally {
        await worker.terminate();
      }
    }),
  );
  return results;
}

/** The worker's message already carries the sentence; keep only the detail. */
function stripSentence(message: string | undefined): string | undefined {
  if (!message) return undefined;
  const i = message.indexOf(': ');
  return i >= 0 ? message.slice(i + 2) : message;
}
