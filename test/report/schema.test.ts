import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { jsonDocumentSchema, reportSchemas } from '../../src/report/schema.js';
import { artifactDigest } from '../../src/tools/fixtures/artifacts.js';
import { HELLO_SOURCE } from '../../src/tools/fixtures/cases.js';
import { keyedRun, keySignedEnvelope, signingKey } from '../../src/tools/fixtures/keyed.js';
import { MESSAGE_SIGNER_IDENTITY, MESSAGE_SIGNER_ISSUER, messageBundleSet } from '../../src/tools/fixtures/message-bundle.js';
import { genericStatement } from '../../src/tools/fixtures/provenance.js';
import { fixtureBytes, ghAttestationSet } from '../../src/tools/fixtures/gh-attestation.js';
import { reportJsonSchema } from '../../src/tools/schema/json-schema.js';
import { reportTypesSource } from '../../src/tools/schema/report-types.js';
import { REPO, runCli } from '../cli/run-cli.js';
import { HELLO_DIGEST, writeLayout } from '../image/layout-fixture.js';
import { npmLockArgs, writeNpmProject } from '../lockfile/tree-files.js';
import { npmArgs, writeNpmFixture } from '../npm/fixture-files.js';
import { pypiArgs, writePypiFixture } from '../pypi/fixture-files.js';
import { DIGEST, RESOURCE_URI, VERIFIER_ID, vsaStatement, writeVsa } from '../vsa/vsa-fixture.js';

const dir = mkdtempSync(join(tmpdir(), 'report-schema-'));
const write = (name: string, content: string | Buffer): string => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

const ROOT = ['--trusted-root', 'fixtures/trusted_root.json'];
const HELLO = ['fixtures/artifacts/hello.txt', '--source-uri', HELLO_SOURCE];
const GENERIC = ['--builder-id', 'https://github.com/slsa-framework/slsa-github-generator/.github/workflows/generator_generic_slsa3.yml@refs/tags/v2.1.0'];

function keyedArgs(): string[] {
  const builder = 'https://builder.example.com/custom-builder@v1.0.0';
  const key = signingKey('ed25519');
  const statement = genericStatement(keyedRun(), [{ name: 'hello.txt', digest: { sha256: artifactDigest('hello.txt') } }], builder);
  const provenance = write('keyed.intoto.jsonl', `${JSON.stringify(keySignedEnvelope(statement, [{ key, keyid: 'k' }]))}\n`);
  return ['verify-artifact', ...HELLO, '--provenance-path', provenance, '--public-key', write('key.pem', key.publicPem), '--builder-id', builder, '--print-provenance'];
}

function bundleArgs(): string[] {
  const artifact = Buffer.from('signed by a Sigstore client\n');
  const set = messageBundleSet([artifact]);
  return [
    'verify-bundle', '--bundle', write('a.sigstore.json', JSON.stringify(set.certificateBundle(artifact))),
    '--certificate-identity', MESSAGE_SIGNER_IDENTITY, '--certificate-oidc-issuer', MESSAGE_SIGNER_ISSUER,
    '--trusted-root', write('bundle_root.json', JSON.stringify(set.trustedRoot)), write('a.txt', artifact),
  ];
}

const GH_APP = fixtureBytes('schema/attested');
const ghSet = await ghAttestationSet([{ id: 'a', subjects: [{ name: 'app.bin', bytes: GH_APP }] }]);
function attestationArgs(owner: string): string[] {
  return [
    'attestation', 'verify', write('attested.bin', GH_APP), '--bundle', write('attested.jsonl', `${JSON.stringify(ghSet.bundles.get('a'))}\n`),
    '--owner', owner, '--custom-trusted-root', write('gh_root.json', JSON.stringify(ghSet.trustedRoot)),
  ];
}

function vsaArgs(level: string): string[] {
  const files = writeVsa('ed25519', vsaStatement());
  return [
    'verify-vsa', '--attestation-path', files.attestation, '--public-key-path', files.publicKey, '--public-key-id', 'test-key',
    '--verifier-id', VERIFIER_ID, '--resource-uri', RESOURCE_URI, '--subject-digest', DIGEST, '--verified-level', level, '--print-attestation',
  ];
}

function fetchLock(): string {
  const project = writeNpmProject([{ name: 'left-pad', version: '1.3.0' }]);
  writeFileSync(join(project.lockfile, '..', '.npmrc'), 'registry=http://127.0.0.1:9/\n');
  return project.lockfile;
}

const policy = write('policy.yaml', 'version: 1\nbranches: [main]\ntags:\n  semver: ">=1.0.0"\npackages:\n  - match: "hello*"\n    requireHostedRunners: true\n');

/** Every command, passing and failing, as the real CLI prints `--format json`. */
function runs(): Record<string, string[]> {
  const npm = writeNpmFixture();
  const pypi = writePypiFixture();
  const lock = writeNpmProject([{ name: 'left-pad', version: '1.3.0' }, { name: 'tiny', version: '0.1.0' }]);
  const layout = writeLayout();
  return {
    'verify-artifact passed': ['verify-artifact', ...HELLO, '--provenance-path', 'fixtures/provenance/valid.intoto.jsonl', ...ROOT, '--print-provenance'],
    'verify-artifact failed': ['verify-artifact', ...HELLO, '--provenance-path', 'fixtures/provenance/tampered-payload.intoto.jsonl', ...ROOT],
    'verify-artifact with policy': ['verify-artifact', ...HELLO, '--provenance-path', 'fixtures/provenance/valid.intoto.jsonl', ...ROOT, '--policy', policy],
    'verify-artifact offline, bare envelope': ['verify-artifact', ...HELLO, '--provenance-path', 'fixtures/provenance/dsse-envelope.intoto.jsonl', ...ROOT, '--offline'],
    'verify-artifact key-signed': keyedArgs(),
    'verify-github-attestation': ['verify-github-attestation', ...HELLO, '--attestation-path', 'fixtures/provenance/valid.intoto.jsonl', ...ROOT],
    'verify-image oci-layout': ['verify-image', `oci-layout:${layout}@sha256:${HELLO_DIGEST}`, '--source-uri', HELLO_SOURCE, ...GENERIC, ...ROOT],
    'verify-image wrong digest': ['verify-image', `ghcr.io/o/r@sha256:${'c'.repeat(64)}`, '--provenance-path', 'fixtures/provenance/valid.intoto.jsonl', '--source-uri', HELLO_SOURCE, ...GENERIC, ...ROOT],
    'verify-npm-package passed': npmArgs(npm, {}, ['--print-provenance']),
    'verify-npm-package failed': npmArgs(npm, { '--package-version': '9.9.9' }),
    'verify-pypi passed': pypiArgs(pypi, pypi.wheel),
    'verify-pypi failed': ['verify-pypi', pypi.wheel, '--provenance', `${pypi.wheel}.provenance`, '--repository', 'https://github.com/someone/else', '--trusted-root', pypi.trustedRoot],
    'verify-vsa passed': vsaArgs('SLSA_BUILD_LEVEL_2'),
    'verify-vsa failed': vsaArgs('FEDRAMP_HIGH'),
    'verify-bundle': bundleArgs(),
    'attestation verify passed': attestationArgs('slsa-verify-fixtures'),
    'attestation verify failed': attestationArgs('someone-else'),
    'verify-lockfile': npmLockArgs(lock),
    inspect: ['inspect', 'fixtures/provenance/valid-multi-line.intoto.jsonl'],
    'policy explain': ['policy', 'explain', policy],
    // The registry named by the project's .npmrc refuses connections: every package's evidence is unavailable.
    fetch: ['fetch', fetchLock(), '--evidence-dir', join(dir, 'evidence')],
    'usage error': ['verify-artifact', 'fixtures/artifacts/hello.txt', '--source-uri', HELLO_SOURCE],
  };
}

describe('report.schema.json', () => {
  const shipped = JSON.parse(readFileSync(join(REPO, 'dist', 'bundle', 'report.schema.json'), 'utf8')) as Record<string, unknown>;

  it('is the one generated from the zod definitions the code uses, as are the plain report types', () => {
    expect(shipped).toEqual(reportJsonSchema());
    // src/report/report-types.ts (the shipped declarations' report types): regenerate with node dist/tools/schema/write-report-types.js.
    expect(readFileSync(join(REPO, 'src', 'report', 'report-types.ts'), 'utf8')).toBe(reportTypesSource());
  });

  it("accepts every command's real --format json output, passing and failing, and rejects a changed one", async () => {
    // The shipped JSON Schema itself, read back as a validator; and the zod definitions.
    const fromFile = z.fromJSONSchema(shipped as Parameters<typeof z.fromJSONSchema>[0]);
    const cases = Object.entries(runs());
    const outputs = await Promise.all(cases.map(async ([name, args]) => ({ name, args, run: await runCli([...args, '--format', 'json']) })));
    const commands = new Set<string>();
    for (const { name, run } of outputs) {
      expect(run.stdout, `${name}: ${run.stderr}`).not.toBe('');
      const document = JSON.parse(run.stdout) as { command: string; verdict?: string };
      commands.add(document.command);
      const zodResult = jsonDocumentSchema.safeParse(document);
      expect(zodResult.success, `${name}: ${JSON.stringify(zodResult.error?.issues)}`).toBe(true);
      const fileResult = fromFile.safeParse(document);
      expect(fileResult.success, `${name} (JSON Schema): ${JSON.stringify(fileResult.error?.issues)}`).toBe(true);
      if (name.endsWith('passed')) expect(document.verdict, name).toBe('PASSED');
      if (name.endsWith('failed')) expect(document.verdict, name).toBe('FAILED');
      // A field the schema does not know is refused (objects are closed).
      expect(fromFile.safeParse({ ...document, extra: 1 }).success, name).toBe(false);
    }
    expect([...commands].sort()).toEqual(Object.keys(reportSchemas).sort());
  }, 120_000);
});
