import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { ERROR_SENTENCES, VerifyError, type ErrorCode } from '../errors/index.js';
import { hashFile, type DigestAlgorithm, type Digests } from './hash-file.js';

/**
 * A worker costs 20-40 ms of CPU and ~20 MB of RSS to start (measured by
 * `npm run bench`), so work below this is hashed on the main thread, between
 * module loading and signature checks. Above it, a worker hashes while the
 * main thread loads the Sigstore modules and verifies the provenance.
 */
const WORKER_THRESHOLD_BYTES = 64 * 1024 * 1024;
/** Each worker is a whole V8 isolate: more than a few only buys RSS once reads from the page cache saturate. */
const MAX_WORKERS = 3;

export type HashOutcome = { ok: true; digests: Digests } | { ok: false; error: VerifyError };

export interface HashOptions {
  /** Hash on the main thread below this many bytes in total (tests lower it to exercise the pool). */
  workerThresholdBytes?: number;
}

/** How a set of files is hashed: how many workers, and whether the main thread takes files too. */
export interface HashPlan {
  workers: number;
  mainThreadHashes: boolean;
}

export function planHashing(sizes: readonly number[], cores: number, thresholdBytes = WORKER_THRESHOLD_BYTES): HashPlan {
  const total = sizes.reduce((a, b) => a + b, 0);
  if (cores < 2 || total < thresholdBytes || sizes.length === 0) return { workers: 0, mainThreadHashes: true };
  // One file: a single worker, so the main thread stays free for start-up.
  if (sizes.length === 1) return { workers: 1, mainThreadHashes: false };
  // Several: the main thread is one of the hashers (it idles once the
  // provenance is verified), so N cores need N - 1 workers, not N.
  return { workers: Math.min(cores - 1, sizes.length - 1, MAX_WORKERS), mainThreadHashes: true };
}

/**
 * Hash every distinct path once (an artifact named twice, or checked against
 * many statements, is still read once), spreading large sets across cores.
 */
export async function hashArtifacts(
  paths: readonly string[],
  algorithms: readonly DigestAlgorithm[],
  options: HashOptions = {},
): Promise<Map<string, HashOutcome>> {
  const unique = [...new Set(paths)];
  const sizes = await Promise.all(unique.map((p) => stat(p).then((s) => s.size, () => 0)));
  const plan = planHashing(sizes, availableParallelism(), options.workerThresholdBytes);
  const results =
    plan.workers > 0
      ? await hashInPool(unique, sizes, algorithms, plan)
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

/**
 * Workers and (for several files) the main thread take files from one queue,
 * largest first, so the last file to finish is a small one. A file whose
 * worker died is a failure for that file, never a digest.
 */
async function hashInPool(
  paths: readonly string[],
  sizes: readonly number[],
  algorithms: readonly DigestAlgorithm[],
  plan: HashPlan,
): Promise<HashOutcome[]> {
  const results: HashOutcome[] = new Array(paths.length);
  const queue = paths.map((_, i) => i).sort((a, b) => sizes[b]! - sizes[a]!);
  let next = 0;
  const take = (): number | undefined => (next < queue.length ? queue[next++] : undefined);
  // Loaded here, synchronously: a small verification never pays for the worker module.
  const { Worker } = process.getBuiltinModule('node:worker_threads');
  const workerUrl = new URL('./hash-worker.js', import.meta.url);

  const runWorker = async (): Promise<void> => {
    const worker = new Worker(workerUrl);
    try {
      for (let id = take(); id !== undefined; id = take()) {
        try {
          results[id] = fromReply(await ask(worker, { id, path: paths[id]!, algorithms }));
        } catch (err) {
          results[id] = { ok: false, error: new VerifyError('ErrorInternal', `hash worker failed on ${paths[id]}: ${String(err)}`) };
          return;
        }
      }
    } finally {
      await worker.terminate();
    }
  };
  const runMain = async (): Promise<void> => {
    for (let id = take(); id !== undefined; id = take()) results[id] = await settle(hashFile(paths[id]!, algorithms));
  };
  const runners = Array.from({ length: plan.workers }, runWorker);
  if (plan.mainThreadHashes) runners.push(runMain());
  await Promise.all(runners);
  // A worker that died leaves the files it never took to the others; if every hasher is gone, they still fail closed.
  for (let id = take(); id !== undefined; id = take()) results[id] = await settle(hashFile(paths[id]!, algorithms));
  return results;
}

function ask(worker: Worker, job: { id: number; path: string; algorithms: readonly DigestAlgorithm[] }): Promise<WorkerReply> {
  return new Promise<WorkerReply>((resolve, reject) => {
    const onMessage = (reply: WorkerReply): void => {
      cleanup();
      if (reply.id === job.id) resolve(reply);
      else reject(new Error(`answered for job ${reply.id}, not ${job.id}`));
    };
    const onError = (err: Error): void => {
      cleanup();
      reject(err);
    };
    const onExit = (code: number): void => {
      cleanup();
      reject(new Error(`exited with code ${code}`));
    };
    const cleanup = (): void => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
    worker.postMessage(job);
  });
}

function fromReply(reply: WorkerReply): HashOutcome {
  if (reply.digests) return { ok: true, digests: reply.digests };
  const code = reply.error && Object.hasOwn(ERROR_SENTENCES, reply.error.code) ? reply.error.code : 'ErrorInternal';
  return { ok: false, error: new VerifyError(code, stripSentence(reply.error?.message)) };
}

/** The worker's message already carries the sentence; keep only the detail. */
function stripSentence(message: string | undefined): string | undefined {
  if (!message) return undefined;
  const i = message.indexOf(': ');
  return i >= 0 ? message.slice(i + 2) : message;
}
