import { VerifyError } from '../errors/index.js';
import type { WorkflowIdentity } from './workflow-identity.js';

/**
 * The certificate's source repository ("owner/repo") must be --source-uri.
 * As slsa-verifier, only a leading "git+https://" and then "github.com/" are
 * stripped: "github.com/o/r" and "git+https://github.com/o/r" match, while
 * "https://github.com/o/r" does not (slsa-verifier v2.7 rejects it here too).
 */
export function verifyCertificateSourceRepository(id: WorkflowIdentity, sourceUri: string): void {
  let expected = sourceUri.startsWith('git+https://') ? sourceUri.slice('git+https://'.length) : sourceUri;
  expected = expected.startsWith('github.com/') ? expected.slice('github.com/'.length) : expected;
  if (id.sourceRepository !== expected) {
    throw new VerifyError('ErrorMismatchSource', `expected source '${expected}', got '${id.sourceRepository}'`, {
      expected,
      actual: id.sourceRepository,
    });
  }
}
