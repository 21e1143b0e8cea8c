import { VerifyError } from '../errors/index.js';
import type { MissingProvenance } from './package-rules.js';
import type { PackageResult } from './package-result.js';

/** A package that cannot be verified (no provenance, or no expected source): the policy decides. */
export function missingProvenance(base: Omit<PackageResult, 'status' | 'error' | 'note'>, rule: MissingProvenance, why: string): PackageResult {
  if (rule === 'require') {
    return { ...base, status: 'failed', error: new VerifyError('ErrorNotPresent', `${why} (policy missingProvenance: require)`), note: undefined };
  }
  return { ...base, status: rule === 'warn' ? 'warned' : 'allowed', error: undefined, note: why };
}
