import { describe, expect, it } from 'vitest';
import { verifyWorkflowInputs } from '../../src/checks/workflow-inputs.js';
import { readProvenance } from '../../src/provenance/provenance.js';
import { codeOf, GENERIC, generatorV02, statement } from './fixtures.js';

const inputs = { release_version: 'v1.2.3', some_bool: 'true', some_integer: '123', typed: true };
const dispatch = readProvenance(GENERIC, statement(generatorV02({ event: 'workflow_dispatch', payload: { inputs } })));

describe('verifyWorkflowInputs', () => {
  it('matches all or a subset of the inputs', () => {
    expect(codeOf(() => verifyWorkflowInputs(dispatch, { release_version: 'v1.2.3', some_bool: 'true', some_integer: '123' }))).toBeUndefined();
    expect(codeOf(() => verifyWorkflowInputs(dispatch, { some_integer: '123' }))).toBeUndefined();
  });

  it('rejects a different or missing value', () => {
    expect(codeOf(() => verifyWorkflowInputs(dispatch, { release_version: 'v1.2.4' }))).toBe('ErrorMismatchWorkflowInputs');
    expect(codeOf(() => verifyWorkflowInputs(dispatch, { missing: '1' }))).toBe('ErrorMismatchWorkflowInputs');
    expect(codeOf(() => verifyWorkflowInputs(dispatch, { constructor: '1' }))).toBe('ErrorMismatchWorkflowInputs');
    // Only string inputs can be compared.
    expect(codeOf(() => verifyWorkflowInputs(dispatch, { typed: 'true' }))).toBe('ErrorMismatchWorkflowInputs');
  });

  it('needs a workflow_dispatch run', () => {
    const push = readProvenance(GENERIC, statement(generatorV02({ event: 'push', payload: { inputs } })));
    expect(codeOf(() => verifyWorkflowInputs(push, { release_version: 'v1.2.3' }))).toBe('ErrorMismatchWorkflowInputs');
  });
});
