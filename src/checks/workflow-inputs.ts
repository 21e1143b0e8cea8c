import { VerifyError } from '../errors/index.js';
import { getOwn } from '../provenance/go-json.js';
import type { ProvenanceClaims } from '../provenance/provenance.js';

/**
 * --build-workflow-input k=v: each pair must be a string input of a
 * workflow_dispatch run, equal to v. Checked only when some are given.
 */
export function verifyWorkflowInputs(prov: ProvenanceClaims, expected: Readonly<Record<string, string>>): void {
  if (!prov.workflowInputs.ok) throw prov.workflowInputs.error;
  const inputs = prov.workflowInputs.value;
  for (const [name, want] of Object.entries(expected)) {
    const got = getOwn(inputs, name);
    if (!got.found || typeof got.value !== 'string') {
      throw new VerifyError('ErrorMismatchWorkflowInputs', `cannot retrieve value of '${name}'`, { expected: `${name}=${want}` });
    }
    if (got.value !== want) {
      throw new VerifyError('ErrorMismatchWorkflowInputs', `expected '${name}=${want}', got '${name}=${got.value}'`, {
        expected: `${name}=${want}`,
        actual: `${name}=${got.value}`,
      });
    }
  }
}
