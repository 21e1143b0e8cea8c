import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'inspect-cli-'));

describe('inspect', () => {
  it('prints the claims marked UNVERIFIED and the flags that would verify them', async () => {
    const run = await runCli(['inspect', 'fixtures/provenance/valid.intoto.jsonl']);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^UNVERIFIED/);
    expect(run.stdout).toContain('UNVERIFIED attestation fixtures/provenance/valid.intoto.jsonl line 1');
    expect(run.stdout).toContain('signer (SAN)');
    expect(run.stdout).toContain('slsa-verify verify-artifact --provenance-path fixtures/provenance/valid.intoto.jsonl --source-uri github.com/slsa-verify-fixtures/hello --builder-id ');
    expect(run.stdout).toMatch(/ -- hello\.txt\n/);
    expect(run.stdout).not.toMatch(/PASSED|\u001b\[/);
  });

  it('has verified: false everywhere in JSON, and no verdict', async () => {
    const run = await runCli(['inspect', 'fixtures/provenance/valid-multi-line.intoto.jsonl', '--format', 'json']);
    expect(run.status).toBe(0);
    const doc = JSON.parse(run.stdout) as { verified: boolean; verdict?: unknown; attestations: { verified: boolean; subjects: { name: string }[] }[] };
    expect(doc.verified).toBe(false);
    expect(doc.verdict).toBeUndefined();
    expect(doc.attestations.map((a) => [a.verified, a.subjects[0]?.name])).toEqual([[false, 'multi-a.txt'], [false, 'multi-b.txt']]);
  });

  it('exits 2 for a missing file and 1 when nothing in it is an attestation', async () => {
    expect((await runCli(['inspect', join(dir, 'missing.jsonl')])).status).toBe(2);
    const junk = join(dir, 'junk.jsonl');
    writeFileSync(junk, '{"mediaType":"application/vnd.dev.sigstore.bundle.v0.3+json","verificationMaterial":{},"dsseEnvelope":{"payloadType":"x","payload":"e30=","signatures":[{"sig":"AA=="}]}}\n');
    const run = await runCli(['inspect', junk]);
    expect(run.status).not.toBe(0);
  });
});
