import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, type JsonReport } from './run-cli.js';

// Workflow-input names on every path through the CLI: flags, policy files, and the signed inputs
// (fixtures/provenance/valid-dispatch: release_version=1.2.3, publish=true). A plain object would
// lose "__proto__" and answer "constructor" or "toString" from its prototype.
const dir = mkdtempSync(join(tmpdir(), 'workflow-inputs-cli-'));
const DISPATCH = [
  'verify-artifact', 'fixtures/artifacts/hello-dispatch.txt', '--provenance-path', 'fixtures/provenance/valid-dispatch.intoto.jsonl',
  '--source-uri', 'github.com/slsa-verify-fixtures/hello', '--trusted-root', 'fixtures/trusted_root.json', '--format', 'json',
];
const inputFlags = (...pairs: string[]) => pairs.flatMap((p) => ['--build-workflow-input', p]);

function policy(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

async function outcome(args: string[]): Promise<{ status: number | null; code: string | undefined }> {
  const run = await runCli(args);
  if (run.status === 2) return { status: 2, code: undefined };
  return { status: run.status, code: (JSON.parse(run.stdout) as JsonReport).error?.code };
}

describe('--build-workflow-input names', () => {
  it('checks the inputs it is given', async () => {
    expect(await outcome([...DISPATCH, ...inputFlags('release_version=1.2.3', 'publish=true')])).toEqual({ status: 0, code: undefined });
  });

  it.each(['__proto__=x', 'constructor=x', 'toString=x', '__proto__=', 'hasOwnProperty=true'])('%s is an input like any other: the provenance has none, so it fails', async (pair) => {
    expect(await outcome([...DISPATCH, ...inputFlags(pair)])).toEqual({ status: 1, code: 'ErrorMismatchWorkflowInputs' });
  });

  it.each([
    ['an empty name', ['=x']],
    ['a name given twice', ['publish=true', 'publish=true']],
    ['a name given twice with two values', ['publish=true', 'publish=false']],
    ['__proto__ given twice', ['__proto__=a', '__proto__=b']],
  ])('refuses %s (exit 2) on verify-artifact and verify-image', async (_name, pairs) => {
    expect((await runCli([...DISPATCH, ...inputFlags(...pairs)])).status).toBe(2);
    const image = ['verify-image', `oci-layout:${dir}@sha256:${'a'.repeat(64)}`, '--source-uri', 'github.com/o/r', ...inputFlags(...pairs)];
    expect((await runCli(image)).status).toBe(2);
  });
});

describe('policy workflowInputs names', () => {
  it.each([
    ['__proto__', 'workflowInputs: { __proto__: "x" }'],
    ['constructor', 'workflowInputs: { constructor: "x" }'],
    ['toString', 'workflowInputs: { toString: "x" }'],
    ['__proto__ in JSON', '"workflowInputs": { "__proto__": "x" }'],
  ])('a policy input named %s is required like any other', async (name, rule) => {
    const file = name.endsWith('JSON') ? policy(`${name}.json`, `{ "version": 1, ${rule} }`) : policy(`${name}.yaml`, `version: 1\n${rule}\n`);
    expect(await outcome([...DISPATCH, '--policy', file])).toEqual({ status: 1, code: 'ErrorMismatchWorkflowInputs' });
  });

  it('a policy naming real inputs still passes, and a flag named like a prototype member does not widen it', async () => {
    const file = policy('real.yaml', 'version: 1\nworkflowInputs: { publish: "true" }\n');
    expect(await outcome([...DISPATCH, '--policy', file])).toEqual({ status: 0, code: undefined });
    // The flag narrows nothing the policy names; the provenance has no such input.
    expect(await outcome([...DISPATCH, '--policy', file, ...inputFlags('constructor=x')])).toEqual({ status: 1, code: 'ErrorMismatchWorkflowInputs' });
  });

  it.each([
    ['a repeated name', 'workflowInputs:\n  publish: "true"\n  publish: "false"\n'],
    ['an empty name', 'workflowInputs: { "": "x" }\n'],
    ['a value that is not a string', 'workflowInputs: { __proto__: { publish: "true" } }\n'],
  ])('refuses a policy with %s (exit 2)', async (name, rule) => {
    expect((await runCli([...DISPATCH, '--policy', policy(`bad-${name.replaceAll(' ', '-')}.yaml`, `version: 1\n${rule}`)])).status).toBe(2);
  });
});
