import { parentPort, workerData } from 'node:worker_threads';
import { asVerifyError } from '../errors/index.js';
import { judgeEntries, type JudgeSetup } from './judge-entries.js';
import type { LockedPackage } from './locked-package.js';
import { toWire } from './wire-result.js';

/** Worker side of the verify pool: judges its share of the packages, one progress message per package. */
const job = workerData as { packages: LockedPackage[]; setup: JudgeSetup };
judgeEntries(job.packages, job.setup, (r) => parentPort?.postMessage({ type: 'tick', label: `${r.name}@${r.version}` })).then(
  (results) => parentPort?.postMessage({ type: 'done', results: results.map(toWire) }),
  (err: unknown) => {
    const error = asVerifyError(err);
    parentPort?.postMessage({ type: 'error', error: { code: error.code, message: error.message } });
  },
);
