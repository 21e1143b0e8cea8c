import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { VerifyError, type ErrorCode } from '../errors/index.js';
import { judgeEntries, type JudgeSetup } from './judge-entries.js';
import type { LockedPackage } from './locked-package.js';
import type { PackageResult } from './package-result.js';
import { fromWire, type WireResult } from './wire-result.js';

/**
 * Below this many packages a worker's start-up (module loading, trust root
 * parsing: ~150 ms measured) costs more than it saves.
 */
const POOL_MIN_PACKAGES = 64;
const MAX_WORKERS = 4;

type Reply = { type: 'tick'; label: string } | { type: 'done'; results: WireResult[] } | { type: 'error'; error: { code: ErrorCode; message: string } };

/**
 * Judges every package, in lockfile order. Certificate-chain verification in
 * sigstore-js is CPU-bound JavaScript (most of a package's cost), so a large
 * tree is split into contiguous shares judged by worker threads, one per
 * core, each loading the trust material once.
 */
export async function judgeAll(packages: readonly LockedPackage[], setup: JudgeSetup, tick: (label: string) => void): Promise<PackageResult[]> {
  const workerUrl = new URL('./verify-worker.js', import.meta.url);
  const workers = Math.min(availableParallelism(), MAX_WORKERS);
  // Under a TypeScript test runner the module is .ts and no compiled worker exists: stay in-process.
  if (packages.length < POOL_MIN_PACKAGES || workers < 2 || !import.meta.url.endsWith('.js')) {
    return judgeEntries(packages, setup, (r) => tick(`${r.name}@${r.version}`));
  }
  const size = Math.ceil(packages.length / workers);
  const shares = Array.from({ length: workers }, (_, i) => packages.slice(i * size, (i + 1) * size)).filter((s) => s.length > 0);
  const results = await Promise.all(shares.map((share) => runWorker(workerUrl, share, setup, tick)));
  return results.flat();
}

function runWorker(url: URL, packages: LockedPackage[], setup: JudgeSetup, tick: (label: string) => void): Promise<PackageResult[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(url, { workerData: { packages, setup } });
    let settled = false;
    worker.on('message', (reply: Reply) => {
      if (reply.type === 'tick') return tick(reply.label);
      settled = true;
      void worker.terminate();
      if (reply.type === 'done') resolve(reply.results.map(fromWire));
      else {
        const error = new VerifyError(reply.error.code);
        error.message = reply.error.message;
        reject(error);
      }
    });
    worker.on('error', (err) => {
      settled = true;
      reject(new VerifyError('ErrorInternal', `verify worker: ${err.message}`));
    });
    worker.on('exit', (code) => {
      // Fail closed: a worker that ends without an answer judged nothing.
      if (!settled) reject(new VerifyError('ErrorInternal', `verify worker exited with code ${code} before answering`));
    });
  });
}
