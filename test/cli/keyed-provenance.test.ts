import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { artifactDigest } from '../../src/tools/fixtures/artifacts.js';
import { HELLO_SOURCE } from '../../src/tools/fixtures/cases.js';
import { keyedRun, keySignedEnvelope, signingKey } from '../../src/tools/fixtures/keyed.js';
import { genericStatement } from '../../src/tools/fixtures/provenance.js';
import { runCli, type JsonReport } from './run-cli.js';

const BUILDER = 'https://builder.example.com/custom-builder@v1.0.0';
const HELLO = 'fixtures/artifacts/hello.txt';
const dir = mkdtempSync(join(tmpdir(), 'keyed-cli-'));
const key = signingKey('ed25519');
const other = signingKey('ed25519');
const statement = genericStatement(keyedRun(), [{ name: 'hello.txt', digest: { sha256: artifactDigest('hello.txt') } }], BUILDER);
const keyPath = join(dir, 'key.pem');
writeFileSync(keyPath, key.publicPem);
const provenance = join(dir, 'keyed.intoto.jsonl');
writeFileSync(provenance, `${JSON.stringify(keySignedEnvelope(statement, [{ key: other, keyid: 'other' }, { key, keyid: 'builder-key' }]))}\n`);

const args = (extra: string[]): string[] => [
  'verify-artifact', HELLO, '--provenance-path', provenance, '--source-uri', HELLO_SOURCE, '--public-key', keyPath, ...extra,
];

describe('verify-artifact --public-key', () => {
  it('verifies key-signed provenance offline and says so (never a Rekor lookup for the bare line)', async () => {
    // An unreachable Rekor: a lookup would fail with exit 4.
    const run = await runCli(args(['--builder-id', BUILDER, '--public-key-id', 'builder-key', '--rekor-url', 'http://127.0.0.1:9']));
    expect(run.stderr).toContain(`Verified key-signed provenance (key builder-key) built by "${BUILDER}" at commit `);
    expect(run.stderr).toContain('PASSED: SLSA verification passed');
    expect(run.status).toBe(0);
  });

  it('reports evidence.kind "key" in JSON', async () => {
    const run = await runCli(args(['--builder-id', BUILDER, '--format', 'json']));
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout) as JsonReport & { artifacts: { evidence: { kind: string; key: string } }[] };
    expect(report.artifacts[0]?.evidence.kind).toBe('key');
    expect(report.artifacts[0]?.evidence.key).toMatch(/^SHA256:/);
  });

  it('fails (exit 1) on a key id naming the other signer, or another builder', async () => {
    for (const [extra, code] of [
      [['--builder-id', BUILDER, '--public-key-id', 'other'], 'ErrorNoValidSignature'],
      [['--builder-id', `${BUILDER}x`], 'ErrorMismatchBuilderID'],
    ] as const) {
      const run = await runCli(args([...extra, '--format', 'json']));
      expect(run.status).toBe(1);
      expect((JSON.parse(run.stdout) as JsonReport).error?.code).toBe(code);
    }
  });

  it('needs --builder-id (exit 2)', async () => {
    const run = await runCli(args([]));
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('--builder-id');
  });
});
