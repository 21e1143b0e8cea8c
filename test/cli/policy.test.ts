import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, type JsonReport } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'policy-cli-'));
const SOURCE = 'github.com/slsa-verify-fixtures/hello';
const GENERIC = 'https://github.com/slsa-framework/slsa-github-generator/.github/workflows/generator_generic_slsa3.yml';
const TRW = 'https://github.com/slsa-verify-fixtures/trw/.github/workflows/builder_slsa3.yml';

function policyFile(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

function verify(artifact: string, provenance: string, policy: string, extra: string[] = []) {
  return runCli([
    'verify-artifact', `fixtures/artifacts/${artifact}`, '--provenance-path', `fixtures/provenance/${provenance}`,
    '--source-uri', SOURCE, '--trusted-root', 'fixtures/trusted_root.json', '--policy', policy, '--format', 'json', ...extra,
  ]);
}

type PolicyReport = JsonReport & { artifacts: { checks: { id: string; status: string; code?: string }[] }[] };

async function expectViolation(artifact: string, provenance: string, policy: string, code: string, check: string) {
  const run = await verify(artifact, provenance, policy);
  expect(run.status).toBe(1);
  const report = JSON.parse(run.stdout) as PolicyReport;
  expect(report.error?.code).toBe(code);
  expect(report.artifacts[0]?.checks.find((c) => c.status === 'fail')?.id).toBe(check);
}

const full = policyFile('full.yaml', `version: 1
builders:
  - id: ${GENERIC}
    version: ">=2.0.0 <3"
sourceRepositories: [${SOURCE}]
branches: [main]
tags: { semver: ">=1.0.0" }
predicateTypes: [https://slsa.dev/provenance/v0.2]
requireHostedRunners: true
minSlsaBuildLevel: 3
`);

describe('verify-artifact --policy', () => {
  it('passes a policy the fixture satisfies, listing the policy-* checks after the slsa-verifier ones', async () => {
    const run = await verify('hello.txt', 'valid.intoto.jsonl', full);
    expect(run.status).toBe(0);
    const checks = (JSON.parse(run.stdout) as PolicyReport).artifacts[0]?.checks ?? [];
    expect(checks.filter((c) => c.id.startsWith('policy-')).map((c) => `${c.id}:${c.status}`)).toEqual([
      'policy-builder:pass', 'policy-source:pass', 'policy-branch:pass', 'policy-tag:skipped', 'policy-workflow-inputs:skipped',
      'policy-predicate-type:pass', 'policy-hosted-runner:pass', 'policy-slsa-level:pass',
    ]);
    expect(checks.findIndex((c) => c.id === 'policy-builder')).toBeGreaterThan(checks.findIndex((c) => c.id === 'workflow-inputs'));
  });

  it('passes a JSON policy and a tag build inside the semver range', async () => {
    const json = policyFile('tags.json', JSON.stringify({ version: 1, tags: { patterns: ['v*'], semver: '^1.2.0' } }));
    expect((await verify('hello-v1.2.3.bin', 'valid-tag-v1.2.3.intoto.jsonl', json)).status).toBe(0);
  });

  it('fails each rule with its code', async () => {
    const p = (name: string, body: string) => policyFile(name, `version: 1\n${body}\n`);
    await expectViolation('hello.txt', 'valid.intoto.jsonl', p('b1.yaml', `builders: [${TRW}]`), 'ErrorUntrustedReusableWorkflow', 'policy-builder');
    await expectViolation('hello.txt', 'valid.intoto.jsonl', p('b2.yaml', `builders: [{ id: ${GENERIC}, version: "^3.0.0" }]`), 'ErrorUntrustedReusableWorkflow', 'policy-builder');
    await expectViolation('hello.txt', 'valid.intoto.jsonl', p('br.yaml', 'branches: ["release/*"]'), 'ErrorMismatchBranch', 'policy-branch');
    await expectViolation('hello.txt', 'valid.intoto.jsonl', p('t0.yaml', 'tags: ["v*"]'), 'ErrorMismatchTag', 'policy-tag');
    await expectViolation('hello-v1.2.3.bin', 'valid-tag-v1.2.3.intoto.jsonl', p('t1.yaml', 'tags: ["v2.*"]'), 'ErrorMismatchTag', 'policy-tag');
    await expectViolation('hello-v1.2.3.bin', 'valid-tag-v1.2.3.intoto.jsonl', p('t2.yaml', 'tags: { semver: ">=2.0.0" }'), 'ErrorMismatchVersionedTag', 'policy-tag');
    await expectViolation('hello-v1.2.3.bin', 'valid-tag-v1.2.3.intoto.jsonl', p('t3.yaml', 'branches: [main]'), 'ErrorMismatchBranch', 'policy-branch');
    await expectViolation('hello-dispatch.txt', 'valid-dispatch.intoto.jsonl', p('w.yaml', 'workflowInputs: { publish: "false" }'), 'ErrorMismatchWorkflowInputs', 'policy-workflow-inputs');
    await expectViolation('hello.txt', 'valid.intoto.jsonl', p('pt.yaml', 'predicateTypes: [https://slsa.dev/provenance/v1]'), 'ErrorPolicyViolation', 'policy-predicate-type');
  }, 60_000);

  it('applies the first matching package entry, by artifact name', async () => {
    const pkg = policyFile('pkg.yaml', 'version: 1\nbranches: [main]\npackages:\n  - match: "hello-v*.bin"\n    branches: ["release/*"]\n');
    expect((await verify('hello.txt', 'valid.intoto.jsonl', pkg)).status).toBe(0);
    const dispatch = policyFile('pkg2.yaml', 'version: 1\npackages:\n  - match: "hello-dispatch.txt"\n    workflowInputs: { publish: "false" }\n');
    await expectViolation('hello-dispatch.txt', 'valid-dispatch.intoto.jsonl', dispatch, 'ErrorMismatchWorkflowInputs', 'policy-workflow-inputs');
    expect((await verify('hello.txt', 'valid.intoto.jsonl', dispatch)).status).toBe(0);
  });

  it('lets a flag narrow the policy, and refuses one that widens it (exit 2)', async () => {
    const narrow = await verify('hello.txt', 'valid.intoto.jsonl', full, ['--source-branch', 'main', '--builder-id', `${GENERIC}@refs/tags/v2.1.0`]);
    expect(narrow.status).toBe(0);
    for (const extra of [
      ['--source-branch', 'dev'],
      ['--builder-id', `${GENERIC}@refs/tags/v3.0.0`],
      ['--builder-id', TRW],
      ['--source-versioned-tag', 'v0.9'],
    ]) {
      const run = await verify('hello.txt', 'valid.intoto.jsonl', full, extra);
      expect(run.status, extra.join(' ')).toBe(2);
      expect(run.stderr).toContain('never widen');
    }
    // --source-uri is required: a policy without its repository makes the flag a widening.
    const other = policyFile('s.yaml', 'version: 1\nsourceRepositories: [github.com/slsa-verify-fixtures/hello2]\n');
    expect((await verify('hello.txt', 'valid.intoto.jsonl', other)).status).toBe(2);
    const inputs = policyFile('in.yaml', 'version: 1\nworkflowInputs: { publish: "true" }\n');
    expect((await verify('hello-dispatch.txt', 'valid-dispatch.intoto.jsonl', inputs, ['--build-workflow-input', 'publish=false'])).status).toBe(2);
    expect((await verify('hello-dispatch.txt', 'valid-dispatch.intoto.jsonl', inputs, ['--build-workflow-input', 'release_version=1.2.3'])).status).toBe(0);
  });

  it('fails with exit 2 on an invalid or missing policy, naming the line', async () => {
    const bad = policyFile('bad.yaml', 'version: 1\nbranches:\n  - 7\n');
    const run = await verify('hello.txt', 'valid.intoto.jsonl', bad);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('bad.yaml:3:5: branches.0');
    expect((await verify('hello.txt', 'valid.intoto.jsonl', join(dir, 'missing.yaml'))).status).toBe(2);
  });
});

describe('policy explain', () => {
  it('prints the rules in text and JSON, uncoloured off a TTY', async () => {
    const text = await runCli(['policy', 'explain', full]);
    expect(text.status).toBe(0);
    expect(text.stdout).toContain('SLSA build level at least 3');
    expect(text.stdout).toContain(`${GENERIC} (version >=2.0.0 <3)`);
    expect(text.stdout).not.toContain('\u001b[');
    const json = await runCli(['policy', 'explain', full, '--format', 'json']);
    const doc = JSON.parse(json.stdout) as { rules: { minSlsaBuildLevel: number }; explanation: { check: string }[] };
    expect(doc.rules.minSlsaBuildLevel).toBe(3);
    expect(doc.explanation.map((e) => e.check)).toContain('policy-hosted-runner');
  });

  it('fails with exit 2 on an invalid policy', async () => {
    const run = await runCli(['policy', 'explain', policyFile('bad2.yaml', 'version: 1\nunknown: true\n')]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('bad2.yaml:2:1: unknown');
  });
});
