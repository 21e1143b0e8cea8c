import type { Writable } from 'node:stream';
import type { AttestationVerifyOutcome } from '../../commands/attestation-verify.js';
import { describePolicy } from '../../gh/policy.js';
import { safeText } from '../../report/escape-text.js';

/** "https://github.com/o/r/.github/workflows/w.yml@ref" -> ["o/r", ".github/workflows/w.yml@ref"]. */
function repoAndWorkflow(uri: string | undefined): [string, string] {
  const m = uri === undefined ? null : /^https:\/\/github\.com\/([^/]+\/[^/]+)\/(.+)$/.exec(uri);
  return m ? [m[1]!, m[2]!] : [uri ?? '?', '?'];
}

/** attestation verify's text, on stderr as gh writes it: the digest, the criteria, each matching attestation, the verdict. */
export function renderAttestationText(outcome: AttestationVerifyOutcome, bundlePath: string, err: Writable): void {
  const { artifact, attestationCount, results, error } = outcome;
  if (artifact) {
    const [algorithm, hex] = Object.entries(artifact.digest)[0] ?? ['?', '?'];
    err.write(safeText`Loaded digest ${algorithm}:${hex} for ${artifact.path}\n`);
  }
  if (attestationCount !== undefined) err.write(safeText`Loaded ${String(attestationCount)} attestation${attestationCount === 1 ? '' : 's'} from ${bundlePath}\n`);
  err.write('\nThe following policy criteria will be enforced:\n');
  const rows = describePolicy(outcome.policy);
  const width = Math.max(...rows.map(([rule]) => rule.length));
  for (const [rule, value] of rows) err.write(safeText`- ${rule}:${'.'.repeat(width - rule.length)} ${value}\n`);
  err.write('\n');
  const matched = results.filter((r) => r.status === 'matched');
  if (!error) {
    err.write(safeText`The following ${String(matched.length)} attestation${matched.length === 1 ? '' : 's'} matched the policy criteria\n\n`);
    for (const r of matched) {
      const [buildRepo, buildWorkflow] = repoAndWorkflow(r.certificate?.buildConfigUri);
      const [signerRepo, signerWorkflow] = repoAndWorkflow(r.certificate?.buildSignerUri ?? r.certificate?.subjectAlternativeName);
      err.write(safeText`- Attestation on line ${String(r.line)}\n  - Build repo:..... ${buildRepo}\n  - Build workflow:. ${buildWorkflow}\n  - Signer repo:.... ${signerRepo}\n  - Signer workflow: ${signerWorkflow}\n`);
    }
    err.write('PASSED: attestation verification passed\n');
  } else {
    err.write(safeText`FAILED: attestation verification failed: ${error.message}\n`);
  }
}
