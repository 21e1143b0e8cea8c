import { describe, expect, it } from 'vitest';
import { hintsForReport } from '../../src/cli/hints.js';
import { VerifyError } from '../../src/errors/index.js';
import type { ArtifactVerdict } from '../../src/pipeline/judge-artifact.js';
import type { RunReport } from '../../src/report/run-report.js';
import { runCli, type JsonReport } from './run-cli.js';

const ARTIFACT = 'fixtures/artifacts/hello.txt';
const VALID = ['--provenance-path', 'fixtures/provenance/valid.intoto.jsonl', '--trusted-root', 'fixtures/trusted_root.json'];
const SOURCE = ['--source-uri', 'github.com/slsa-verify-fixtures/hello'];
const CONTAINER = 'https://github.com/slsa-framework/slsa-github-generator/.github/workflows/generator_container_slsa3.yml';

/** Text run and JSON run of the same arguments: slsa-verifier's lines must be unchanged, the hint after them. */
async function textAndJson(args: string[]): Promise<{ lines: string[]; json: JsonReport }> {
  const text = await runCli(['verify-artifact', ARTIFACT, ...args]);
  const json = await runCli(['verify-artifact', ARTIFACT, ...args, '--format', 'json']);
  expect(json.stdout).not.toContain('hint:');
  return { lines: text.stderr.split('\n').filter((l) => l !== ''), json: JSON.parse(json.stdout) as JsonReport };
}

function expectVerifierLinesThenHint(lines: string[], json: JsonReport, hint: RegExp): void {
  const message = json.error!.message;
  expect(lines).toEqual([`Verifying artifact ${ARTIFACT}: FAILED: ${message}`, `FAILED: SLSA verification failed: ${message}`, expect.stringMatching(hint)]);
}

describe('hint: lines', () => {
  it('a tag flag on a branch build: the build ran on a branch', async () => {
    const { lines, json } = await textAndJson([...VALID, ...SOURCE, '--source-tag', 'v1']);
    expect(json.error?.code).toBe('ErrorInvalidRef');
    expectVerifierLinesThenHint(lines, json, /^hint: this build ran on the branch 'main', not on a tag: /);
    const versioned = await textAndJson([...VALID, ...SOURCE, '--source-versioned-tag', 'v1']);
    expect(versioned.lines.at(-1)).toMatch(/^hint: this build ran on the branch 'main'/);
  });

  it('--source-uri https://github.com/o/r: write github.com/o/r', async () => {
    const { lines, json } = await textAndJson([...VALID, '--source-uri', 'https://github.com/slsa-verify-fixtures/hello']);
    expect(json.error?.code).toBe('ErrorMismatchSource');
    expectVerifierLinesThenHint(lines, json, /^hint: write --source-uri github\.com\/slsa-verify-fixtures\/hello, without the scheme/);
  });

  it('a builder-ID name mismatch: expected and actual the right way round', async () => {
    const { lines, json } = await textAndJson([...VALID, ...SOURCE, '--builder-id', CONTAINER]);
    expect(json.error?.code).toBe('ErrorUntrustedReusableWorkflow');
    expectVerifierLinesThenHint(lines, json, new RegExp(`^hint: the expected builder is '${CONTAINER.replaceAll('.', '\\.')}' \\(--builder-id\\); the provenance's is '.*generator_generic_slsa3\\.yml@refs/tags/v2\\.1\\.0'`));
  });

  it('no hint on a pass or where slsa-verifier does not mislead', async () => {
    const pass = await runCli(['verify-artifact', ARTIFACT, ...VALID, ...SOURCE]);
    expect(pass.stderr).not.toContain('hint:');
    const other = await runCli(['verify-artifact', ARTIFACT, ...VALID, ...SOURCE, '--source-branch', 'dev']);
    expect(other.status).toBe(1);
    expect(other.stderr).not.toContain('hint:');
  });
});

describe('hintsForReport', () => {
  const verdict = (error: VerifyError, sourceUri?: string): ArtifactVerdict => ({
    path: 'a', digests: undefined, ok: false, error, line: 1, envelope: undefined, statement: undefined,
    checks: sourceUri === undefined ? undefined : { ok: false, error, sourceUri, checks: [] },
  });
  const report = (...verdicts: ArtifactVerdict[]): RunReport => ({ command: 'verify-artifact', error: undefined, verdicts, printProvenance: false });

  it('a workflow_dispatch without inputs: the build had no workflow inputs', () => {
    const error = new VerifyError('ErrorInvalidDssePayload', 'parameters type inputs');
    expect(hintsForReport(report(verdict(error)), { buildWorkflowInput: ['a=b'] })).toEqual([expect.stringMatching(/^this build had no workflow inputs/)]);
    expect(hintsForReport(report(verdict(error)), {})).toEqual([]);
  });

  it('escapes control and bidi characters of signed strings, and gives each hint once', () => {
    const evil = 'https://evil.example/\u001b[2J\u202ebuilder\'';
    const error = new VerifyError('ErrorMismatchBuilderID', `expected name '${evil}', got 'x'`, { expected: 'x', actual: evil });
    const hints = hintsForReport(report(verdict(error), verdict(error)), {});
    expect(hints).toHaveLength(1);
    expect(hints[0]).not.toMatch(/[\u0000-\u001f\u202e]/);
    expect(hints[0]).toContain("\\u{1b}[2J\\u{202e}builder\\'");
    const tag = new VerifyError('ErrorInvalidRef', 'verifying tag: invalid ref: "": unexpected ref type: ""');
    expect(hintsForReport(report(verdict(tag, 'git+https://github.com/o/r@refs/heads/\u0007x')), { sourceTag: 'v1' })[0]).toContain("'\\u{7}x'");
  });
});
