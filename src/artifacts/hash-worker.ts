import { parentPort } from 'node:worker_threads';
import { asVerifyError } from '../errors/index.js';
import { hashFile, type DigestAlgorithm } from './hash-file.js';

/** Worker side of the hash pool: one file per message, answers with digests or an error code. */
parentPort?.on('message', (job: { id: number; path: string; algorithms: DigestAlgorithm[] }) => {
  hashFile(job.path, job.algorithms).then(
    (digests) => parentPort?.postMessage({ id: job.id, digests }),
    (err: unknown) => {
      const error = asVerifyError(err);
      parentPort?.postMessage({ id: job.id, error: { code: error.code, message: error.message } });
    },
  );
});
