import type { ErrorCode, VerifyError } from '../errors/index.js';
import type { VsaCheckId } from './expected-values.js';
import type { Vsa } from './statement.js';

export type VsaStepId = 'signature' | 'statement' | VsaCheckId;

export interface VsaStep {
  id: VsaStepId;
  status: 'pass' | 'fail' | 'skipped';
  expected?: string;
  actual?: string;
  code?: ErrorCode;
  message?: string;
}

/** One verify-vsa run: the verdict, and what it rests on. */
export interface VsaReport {
  error: VerifyError | undefined;
  /** The statement, once its signature verified. */
  vsa: Vsa | undefined;
  payload: Buffer | undefined;
  steps: VsaStep[];
  printAttestation: boolean;
}
