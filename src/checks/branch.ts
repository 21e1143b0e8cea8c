import { VerifyError } from '../errors/index.js';
import { branchFromGitRef } from '../provenance/git.js';
import type { ProvenanceClaims } from '../provenance/provenance.js';
import { withContext } from './context.js';

/** --source-branch: the provenance's branch ref must be refs/heads/<branch>, case-sensitively. */
export function verifyBranch(prov: ProvenanceClaims, expectedBranch: string): void {
  if (!prov.branchRef.ok) throw prov.branchRef.error;
  const ref = prov.branchRef.value;
  const branch = withContext(() => branchFromGitRef(ref), 'verifying branch');
  if (branch !== expectedBranch) {
    throw new VerifyError('ErrorMismatchBranch', `expected branch '${expectedBranch}', got '${branch}'`, {
      expected: expectedBranch,
      actual: branch,
    });
  }
}
