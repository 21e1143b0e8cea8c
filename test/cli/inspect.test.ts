import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeNpmFixture } from '../npm/fixture-files.js';
import { writePypiFixture } from '../pypi/fixture-files.js';
import { DIGEST, RESOURCE_URI, VERIFIER_ID, vsaStatement, writeVsa } from '../vsa/vsa-fixture.js';
import { suggestCommand } from '../../src/inspect/suggest-flags.js';
import type { UnverifiedAttestation } from '../../src/inspect/read-attestation.js';
import { runCli } from './run-cli.js';

interface InspectJson {
  document: string;
  attestations: { predicateType: string | null; error: string | null; suggestedCommand: string | null }[];
}
const inspectJson = async (path: string): Promise<InspectJson> => {
  const run = await runCli(['inspect', path, '--format', 'json']);
  expect(run.status, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as InspectJson;
};
/** Runs a suggested command after replacing its placeholders; quoting is plain single quotes. */
const words = (command: string, replace: Record<string, string>): string[] =>
  [...command.matchAll(/'((?:[^']|'\\'')*)'|(\S+)/g)].map((m) => (m[1] ?? m[2]!).replace(/'\\''/g, "'")).slice(1).map((w) => replace[w] ?? w);

/** Extra options go before the `--` that ends the suggested command's options. */
const withOptions = (args: string[], options: string[]): string[] => {
  const end = args.indexOf('--');
  return end < 0 ? [...args, ...options] : [...args.slice(0, end), ...options, ...args.slice(end)];
};

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

  it('reads an npm attestations document and suggests the verify-npm-package line that passes', async () => {
    const f = writeNpmFixture();
    const doc = await inspectJson(f.attestations);
    expect(doc.document).toBe('npm-attestations');
    expect(doc.attestations.map((a) => a.error ?? null)).toEqual([null, null]);
    const command = doc.attestations.find((a) => a.predicateType === 'https://slsa.dev/provenance/v1')?.suggestedCommand;
    expect(command).toMatch(/^slsa-verify verify-npm-package --attestations-path /);
    const run = await runCli(withOptions(words(command!, { 'TARBALL.tgz': f.tarball }), ['--trusted-root', f.trustedRoot, '--npm-registry-keys', f.registryKeys]));
    expect(run.stderr).toContain('PASSED');
    expect(run.status).toBe(0);
  });

  it('reads a PEP 740 provenance object and a bare attestation, and suggests the verify-pypi line that passes', async () => {
    const f = writePypiFixture();
    const provenance = JSON.parse(readFileSync(`${f.wheel}.provenance`, 'utf8')) as { attestation_bundles: { attestations: object[] }[] };
    const bare = join(dir, 'hello.publish.attestation');
    writeFileSync(bare, JSON.stringify(provenance.attestation_bundles[0]!.attestations[0]));
    for (const [path, kind] of [[`${f.wheel}.provenance`, 'pypi-provenance'], [bare, 'pypi-attestation']] as const) {
      const doc = await inspectJson(path);
      expect(doc.document).toBe(kind);
      const command = doc.attestations[0]?.suggestedCommand;
      expect(command).toMatch(/^slsa-verify verify-pypi /);
      const args = words(command!, {});
      args[args.length - 1] = f.wheel; // the subject names the file; here it lives in a temporary directory
      const run = await runCli(withOptions(args, ['--trusted-root', f.trustedRoot]));
      expect(run.stderr, command ?? "").toContain('PASSED');
      expect(run.status).toBe(0);
    }
  });

  it('reads a VSA and suggests the verify-vsa line that passes', async () => {
    const files = writeVsa('ed25519', vsaStatement());
    const doc = await inspectJson(files.attestation);
    const command = doc.attestations[0]?.suggestedCommand;
    expect(command).toBe(`slsa-verify verify-vsa --attestation-path ${files.attestation} --verifier-id ${VERIFIER_ID} --resource-uri ${RESOURCE_URI} --public-key-path VERIFIER_KEY.pem --public-key-id test-key --subject-digest sha256:ARTIFACT_SHA256`);
    const run = await runCli(words(command!, { 'VERIFIER_KEY.pem': files.publicKey, 'sha256:ARTIFACT_SHA256': DIGEST }));
    expect(run.stderr).toContain('PASSED');
    expect(run.status).toBe(0);
  });

  it('suggests attestation verify for a GitHub attestation signed at a branch (never verify-artifact --source-branch, which would fail), and verify-github-attestation for a release-tag signer', () => {
    const att: UnverifiedAttestation = {
      line: 1, error: undefined, predicateType: 'https://slsa.dev/provenance/v1', builderId: 'https://github.com/actions/runner/github-hosted',
      sourceUri: 'github.com/o/r', ref: 'refs/heads/main', commit: 'a'.repeat(40), subjects: [{ name: 'app.tgz', digest: { sha256: 'ab'.repeat(32) } }],
      signer: 'https://github.com/o/r/.github/workflows/release.yml@refs/heads/main', issuer: 'https://token.actions.githubusercontent.com',
      runnerEnvironment: 'github-hosted', logIndex: '1', signingTime: undefined, buildType: 'https://actions.github.io/buildtypes/workflow/v1',
      verifierId: undefined, resourceUri: undefined, keyId: undefined,
    };
    expect(suggestCommand(att, 'att.jsonl')).toBe('slsa-verify attestation verify --bundle att.jsonl --repo o/r -- app.tgz');
    const reusable = { ...att, signer: 'https://github.com/o/ci/.github/workflows/build.yml@refs/heads/main' };
    expect(suggestCommand(reusable, 'att.jsonl')).toBe('slsa-verify attestation verify --bundle att.jsonl --repo o/r --signer-workflow github.com/o/ci/.github/workflows/build.yml -- app.tgz');
    const tagged = { ...att, signer: 'https://github.com/o/publish/.github/workflows/publish.yml@refs/tags/v1.2.3', ref: 'refs/tags/v1.2.3' };
    expect(suggestCommand(tagged, 'att.jsonl')).toBe('slsa-verify verify-github-attestation --attestation-path att.jsonl --source-uri github.com/o/r --builder-id https://github.com/o/publish/.github/workflows/publish.yml -- app.tgz');
    // A hostile subject name is quoted, never run.
    expect(suggestCommand({ ...tagged, subjects: [{ name: "x'; rm -rf ~", digest: {} }] }, 'att.jsonl')).toContain("'x'\\''; rm -rf ~'");
  });

  it('refuses a document with the keys of two forms', async () => {
    const both = join(dir, 'both.json');
    writeFileSync(both, JSON.stringify({ attestations: [], attestation_bundles: [] }));
    expect((await runCli(['inspect', both])).status).not.toBe(0);
  });
});
