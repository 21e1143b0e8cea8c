import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { artifactDigest } from '../../src/tools/fixtures/artifacts.js';
import { overrideExtension } from '../../src/tools/fixtures/provenance.js';
import { signRuns } from '../policy/signed-runs.js';
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

  it('says that refs no rule lists are refused, and how package entries are chosen', async () => {
    const text = await runCli(['policy', 'explain', full]);
    expect(text.stdout).toContain('builds from any other ref (refs/pull/..., or none) are refused');
    expect(text.stdout).toContain('never by a name in the evidence');
    const json = JSON.parse((await runCli(['policy', 'explain', full, '--format', 'json'])).stdout) as { explanation: { check: string; rule: string }[] };
    expect(json.explanation).toContainEqual({ check: 'policy-branch', rule: 'builds from any other ref (refs/pull/..., or none) are refused' });
  });

  it('fails with exit 2 on an invalid policy', async () => {
    const run = await runCli(['policy', 'explain', policyFile('bad2.yaml', 'version: 1\nunknown: true\n')]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('bad2.yaml:2:1: unknown');
  });
});

describe('verify-artifact --policy: hostile, validly signed provenance', () => {
  const HELLO_DIGEST = artifactDigest('hello.txt');
  const runs = signRuns([
    { id: 'branch-x', subjects: ['hello.txt'], run: { ref: 'refs/heads/x' } },
    { id: 'tag-x', subjects: ['hello.txt'], run: { ref: 'refs/tags/x' } },
    { id: 'pull', subjects: ['hello.txt'], run: { ref: 'refs/pull/7/merge' } },
    { id: 'no-cert-ref', subjects: ['hello.txt'], certExtensions: (exts) => exts.filter((e) => !/\.(6|14)$/.test(e.oid)) },
    { id: 'refs-disagree', subjects: ['hello.txt'], certExtensions: (exts) => overrideExtension(exts, 14, 'refs/pull/7/merge') },
    { id: 'tag-v1.2', subjects: ['hello.txt'], run: { ref: 'refs/tags/v1.2' } },
    { id: 'tag-v1.2.3', subjects: ['hello.txt'], run: { ref: 'refs/tags/v1.2.3' } },
    { id: 'tag-rc', subjects: ['hello.txt'], run: { ref: 'refs/tags/v1.2.3-rc.1' } },
    { id: 'tag-build', subjects: ['hello.txt'], run: { ref: 'refs/tags/v1.2.3+evil' } },
    { id: 'tag-vv', subjects: ['hello.txt'], run: { ref: 'refs/tags/vv1.2.3' } },
    { id: 'named-subject', subjects: [{ name: 'permissive.bin', digest: { sha256: HELLO_DIGEST } }] },
    { id: 'fork-prefix', subjects: ['hello.txt'], run: { repository: { owner: 'slsa-verify-fixtures', name: 'hello-evil', id: '873200001', ownerId: '201467592' } } },
  ]);
  const signed = (id: string, policy: string, extra: string[] = [], artifact = 'fixtures/artifacts/hello.txt') =>
    runCli(['verify-artifact', artifact, '--provenance-path', runs.provenance[id]!, '--source-uri', SOURCE, '--trusted-root', runs.trustedRoot, '--policy', policy, '--format', 'json', ...extra]);
  const outcome = async (id: string, policy: string, extra: string[] = [], artifact?: string): Promise<string> => {
    const run = await signed(id, policy, extra, artifact);
    if (run.status === 0) return 'pass';
    expect(run.stderr).not.toMatch(/\n\s+at /);
    if (run.status !== 1) return `exit ${run.status}`;
    return (JSON.parse(run.stdout) as PolicyReport).error?.code ?? 'no code';
  };

  it('refuses refs no rule admits: refs/pull/N/merge or no ref pass neither branches nor tags', async () => {
    const both = policyFile('refs-both.yaml', 'version: 1\nbranches: [x, main]\ntags: [x]\n');
    const branches = policyFile('refs-branches.yaml', 'version: 1\nbranches: ["**"]\n');
    const tags = policyFile('refs-tags.yaml', 'version: 1\ntags: ["**"]\n');
    const expected: [string, string, string][] = [
      ['branch-x', both, 'pass'], ['tag-x', both, 'pass'],
      ['pull', both, 'ErrorMismatchBranch'], ['no-cert-ref', both, 'ErrorMismatchBranch'],
      ['pull', branches, 'ErrorMismatchBranch'], ['pull', tags, 'ErrorMismatchTag'],
      ['tag-x', branches, 'ErrorMismatchBranch'], ['branch-x', tags, 'ErrorMismatchTag'],
      ['refs-disagree', both, 'ErrorInvalidFormat'],
    ];
    for (const [id, policy, code] of expected) expect(await outcome(id, policy), `${id} ${policy}`).toBe(code);
  }, 60_000);

  it('reads semantic-version tags exactly: v1.2 is no version, prereleases need allowPrerelease, build metadata is refused', async () => {
    const exact = policyFile('semver-exact.yaml', 'version: 1\ntags: { semver: "1.2.3" }\n');
    const pre = policyFile('semver-pre.yaml', 'version: 1\ntags: { semver: ">=1.0.0", allowPrerelease: true }\n');
    const expected: [string, string, string][] = [
      ['tag-v1.2.3', exact, 'pass'], ['tag-v1.2', exact, 'ErrorMismatchVersionedTag'], ['tag-rc', exact, 'ErrorMismatchVersionedTag'],
      ['tag-build', exact, 'ErrorMismatchVersionedTag'], ['tag-vv', exact, 'ErrorMismatchVersionedTag'],
      ['tag-rc', pre, 'pass'], ['tag-build', pre, 'ErrorMismatchVersionedTag'], ['tag-v1.2', pre, 'ErrorMismatchVersionedTag'],
    ];
    for (const [id, policy, code] of expected) expect(await outcome(id, policy), `${id} ${policy}`).toBe(code);
  }, 60_000);

  it('never chooses the package entry by the subject name the builder signed', async () => {
    const policy = policyFile('by-subject.yaml', 'version: 1\nbranches: [release]\npackages:\n  - match: permissive.bin\n    branches: ["**"]\n');
    // By path: the basename hello.txt selects nothing; the subject named permissive.bin must not either.
    expect(await outcome('named-subject', policy)).toBe('ErrorMismatchBranch');
    // By digest: nothing named, the top level applies.
    expect(await outcome('named-subject', policy, [], `sha256:${HELLO_DIGEST}`)).toBe('ErrorMismatchBranch');
    // By a --checksums name the user wrote: that name selects.
    const sums = join(dir, 'SHA256SUMS');
    writeFileSync(sums, `${HELLO_DIGEST}  permissive.bin\n`);
    const run = await runCli(['verify-artifact', '--checksums', sums, '--provenance-path', runs.provenance['named-subject']!, '--source-uri', SOURCE, '--trusted-root', runs.trustedRoot, '--policy', policy, '--format', 'json']);
    expect(run.status).toBe(0);
    writeFileSync(sums, `${HELLO_DIGEST}  hello.txt\n`);
    const other = await runCli(['verify-artifact', '--checksums', sums, '--provenance-path', runs.provenance['named-subject']!, '--source-uri', SOURCE, '--trusted-root', runs.trustedRoot, '--policy', policy, '--format', 'json']);
    expect((JSON.parse(other.stdout) as PolicyReport).error?.code).toBe('ErrorMismatchBranch');
  }, 60_000);

  it('compares repositories in canonical form: spellings of one pass, a fork whose name starts with it and case variants do not', async () => {
    for (const spelling of [`https://${SOURCE}`, `git+https://${SOURCE}.git`, `${SOURCE}/`, `https://${SOURCE}.git/`]) {
      const p = policyFile(`repo-${spelling.length}.yaml`, `version: 1\nsourceRepositories: ["${spelling}"]\n`);
      expect(await outcome('branch-x', p), spelling).toBe('pass');
    }
    const real = policyFile('repo-real.yaml', `version: 1\nsourceRepositories: [${SOURCE}]\n`);
    expect(await outcome('fork-prefix', real)).toBe('ErrorMismatchSource');
    // Naming the fork widens the policy: refused before anything is verified.
    expect(await outcome('fork-prefix', real, ['--source-uri', `${SOURCE}-evil`])).toBe('exit 2');
    const prefixGlob = policyFile('repo-glob.yaml', `version: 1\nsourceRepositories: ["${SOURCE}*"]\n`);
    expect(await outcome('fork-prefix', prefixGlob, ['--source-uri', `${SOURCE}-evil`])).toBe('pass');
    const cased = policyFile('repo-case.yaml', 'version: 1\nsourceRepositories: [github.com/Slsa-Verify-Fixtures/Hello]\n');
    expect(await outcome('branch-x', cased)).toBe('exit 2');
    const suffixed = policyFile('repo-at.yaml', `version: 1\nsourceRepositories: ["${SOURCE}@evil"]\n`);
    expect(await outcome('branch-x', suffixed)).toBe('exit 2');
  }, 60_000);
});

describe('--policy and policy explain: hostile policy files', () => {
  const bomb = ['version: 1', 'l0: &l0 [x, x, x, x, x, x, x, x, x]', ...Array.from({ length: 11 }, (_, i) => `l${i + 1}: &l${i + 1} [${Array(9).fill(`*l${i}`).join(', ')}]`), 'branches: *l11'].join('\n');
  const cases: Record<string, string> = {
    'duplicate key': 'version: 1\nbranches: [main]\nbranches: ["**"]\n',
    'duplicate key in JSON': '{"version": 1, "branches": ["main"], "branches": ["**"]}',
    'duplicate key in a package entry': 'version: 1\npackages:\n  - match: x\n    branches: [main]\n    branches: ["**"]\n',
    '__proto__ at the top': 'version: 1\n__proto__: { branches: ["**"] }\n',
    '__proto__ in a package entry': 'version: 1\npackages:\n  - match: x\n    __proto__: { branches: ["**"] }\n',
    'empty key': 'version: 1\n"": [main]\n',
    'empty match': 'version: 1\npackages:\n  - match: ""\n    branches: [main]\n',
    'merge key': 'version: 1\n<<: { branches: ["**"] }\n',
    alias: 'version: 1\nmain: &m [main]\nbranches: *m\n',
    'alias bomb': bomb,
    'deep flow nesting': `version: 1\nbranches: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`,
    'deep block nesting': `version: 1\nbranches:\n${Array.from({ length: 1500 }, (_, i) => `${' '.repeat(i + 1)}- `).join('\n')}\n`,
    'two documents': 'version: 1\n---\nversion: 1\n',
  };

  it('refuses each with exit 2, naming no JavaScript internals, in verify-artifact and policy explain', async () => {
    for (const [name, text] of Object.entries(cases)) {
      const path = policyFile(`hostile-${name.replace(/\W+/g, '-')}.yaml`, text);
      const started = Date.now();
      const run = await verify('hello.txt', 'valid.intoto.jsonl', path);
      expect(run.status, name).toBe(2);
      expect(run.stderr, name).toMatch(/^Error: invalid policy: /);
      expect(run.stderr, name).not.toMatch(/call stack|\n\s+at /);
      const explain = await runCli(['policy', 'explain', path]);
      expect(explain.status, name).toBe(2);
      expect(explain.stdout, name).toBe('');
      expect(Date.now() - started, name).toBeLessThan(15_000);
    }
  }, 120_000);
});
