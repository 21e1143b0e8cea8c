import { describe, expect, it } from 'vitest';
import { NPM_POLICY, npmLockArgs, writeNpmProject } from '../lockfile/tree-files.js';
import { runCli } from './run-cli.js';

// verify-lockfile judges each npm package with verify-npm-package's stages: it inherits their refusals.
interface LockJson {
  verdict: 'PASSED' | 'FAILED';
  packages: { name: string; result: string; error: { code: string } | null }[];
}

async function results(p: ReturnType<typeof writeNpmProject>): Promise<{ status: number | null; byName: Record<string, string> }> {
  const run = await runCli(npmLockArgs(p, ['--format', 'json']));
  const doc = JSON.parse(run.stdout) as LockJson;
  return { status: run.status, byName: Object.fromEntries(doc.packages.map((x) => [x.name, x.error?.code ?? x.result])) };
}

describe('verify-lockfile: npm packages from hostile but validly signed evidence', () => {
  it.each([
    ['self-hosted', 'self-hosted', 'ErrorMismatchBuilderID'],
    ['absent', null, 'ErrorNotSupported'],
    ['unknown', 'larger-runner', 'ErrorNotSupported'],
  ])('fails a package whose npm CLI provenance ran on a runner that is %s', async (_name, runner, code) => {
    const p = writeNpmProject([{ name: 'left-pad', version: '1.3.0' }, { name: '@acme/util', version: '2.0.1', runnerEnvironment: runner }]);
    expect(await results(p)).toEqual({ status: 1, byName: { 'left-pad': 'verified', '@acme/util': code } });
  });

  it.each([
    ['__proto__', 'workflowInputs: { __proto__: "x" }'],
    ['constructor', 'workflowInputs: { constructor: "x" }'],
  ])('a policy input named %s is required (npm CLI provenance records no inputs, so every package fails)', async (_name, rule) => {
    const p = writeNpmProject([{ name: 'left-pad', version: '1.3.0' }], `${NPM_POLICY}${rule}\n`);
    const { status, byName } = await results(p);
    expect(status).toBe(1);
    // The policy stage reads npm CLI provenance with the signing workflow as builder, which has no reader.
    expect(byName['left-pad']).toBe('ErrorInvalidBuilderID');
  });
});
