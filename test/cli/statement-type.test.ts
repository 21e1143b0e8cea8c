import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildFixtures } from '../../src/tools/fixtures/generate.js';
import { HELLO_SOURCE } from '../../src/tools/fixtures/cases.js';
import { runCli, type JsonReport } from './run-cli.js';

/** Validly signed provenance whose Statement `_type` is not in-toto's: the payload is not a statement to trust. */
const TYPES: Record<string, unknown> = {
  'another type': 'https://in-toto.io/Statement/v9',
  'a near miss': 'https://in-toto.io/Statement/v1 ',
  'an empty type': '',
  'a number': 1,
};

const dir = mkdtempSync(join(tmpdir(), 'statement-type-'));
const { lines, trustedRoot } = buildFixtures([
  ...Object.entries(TYPES).map(([label, type], i) => ({
    file: `type-${i}.jsonl`,
    description: label,
    lines: [{ id: `type-${i}`, subjects: ['hello.txt'], mutateStatement: (s: Record<string, unknown>) => void (s['_type'] = type) }],
  })),
  { file: 'absent.jsonl', description: 'no _type', lines: [{ id: 'absent', subjects: ['hello.txt'], mutateStatement: (s: Record<string, unknown>) => void delete s['_type'] }] },
]);
const root = join(dir, 'trusted_root.json');
writeFileSync(root, JSON.stringify(trustedRoot));
const artifact = join(dir, 'hello.txt');
writeFileSync(artifact, 'hello, world\n');

function provenance(name: string): string {
  const path = join(dir, name);
  writeFileSync(path, lines.filter((l) => l.file === name).map((l) => `${l.json}\n`).join(''));
  return path;
}

describe('verify-artifact: the Statement _type', () => {
  const cases = [...Object.keys(TYPES).map((label, i) => [label, `type-${i}.jsonl`] as const), ['an absent type', 'absent.jsonl'] as const];
  it.each(cases)('refuses %s (ErrorInvalidDssePayload, exit 1)', async (_label, name) => {
    const run = await runCli(['verify-artifact', artifact, '--provenance-path', provenance(name), '--source-uri', HELLO_SOURCE, '--trusted-root', root, '--format', 'json']);
    expect(run.status).toBe(1);
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(report.verdict).toBe('FAILED');
    expect([report.error?.code, ...report.artifacts.map((a) => a.error?.code)]).toContain('ErrorInvalidDssePayload');
  });
});
