import { createHash, generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HELLO_DIGEST, writeLayout } from '../image/layout-fixture.js';
import { npmArgs, writeNpmFixture } from '../npm/fixture-files.js';
import { pypiArgs, writePypiFixture } from '../pypi/fixture-files.js';
import { REPO, runCli } from './run-cli.js';

const ROOT = ['--trusted-root', 'fixtures/trusted_root.json'];
const SOURCE = ['--source-uri', 'github.com/slsa-verify-fixtures/hello'];
const VALID = ['--provenance-path', 'fixtures/provenance/valid.intoto.jsonl'];
const HELLO = 'fixtures/artifacts/hello.txt';
const DEFAULT_VERIFIER = 'https://github.com/slsa-verify/slsa-verify';

type KeyKind = 'ecdsa-p256' | 'ecdsa-p384' | 'rsa' | 'ed25519';

/** A fresh key pair on disk: PKCS#8 private key and SPKI public key. */
function writeKeys(kind: KeyKind): { dir: string; privateKey: string; publicKey: string } {
  const pair = kind === 'rsa' ? generateKeyPairSync('rsa', { modulusLength: 2048 })
    : kind === 'ed25519' ? generateKeyPairSync('ed25519')
      : generateKeyPairSync('ec', { namedCurve: kind === 'ecdsa-p384' ? 'P-384' : 'P-256' });
  const dir = mkdtempSync(join(tmpdir(), 'slsa-verify-emit-'));
  const privateKey = join(dir, 'vsa.key');
  const publicKey = join(dir, 'vsa.pub');
  writeFileSync(privateKey, pair.privateKey.export({ type: 'pkcs8', format: 'pem' }));
  writeFileSync(publicKey, pair.publicKey.export({ type: 'spki', format: 'pem' }));
  return { dir, privateKey, publicKey };
}

const sha256Of = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');

function verifyVsa(attestation: string, publicKey: string, resourceUri: string, digest: string, extra: string[] = []): ReturnType<typeof runCli> {
  return runCli([
    'verify-vsa', '--attestation-path', attestation, '--public-key-path', publicKey, '--verifier-id', DEFAULT_VERIFIER,
    '--resource-uri', resourceUri, '--subject-digest', digest, '--format', 'json', ...extra,
  ]);
}

interface Statement {
  _type: string;
  subject: { name: string; digest: Record<string, string> }[];
  predicateType: string;
  predicate: {
    verifier: { id: string };
    timeVerified: string;
    resourceUri: string;
    policy: { uri: string; digest: { sha256: string } };
    inputAttestations: { uri?: string; digest: Record<string, string> }[];
    verificationResult: string;
    verifiedLevels: string[];
    slsaVersion: string;
  };
}

describe('verify-artifact --emit-vsa', () => {
  it.each(['ecdsa-p256', 'ecdsa-p384', 'rsa', 'ed25519'] as const)('writes a %s-signed VSA that verify-vsa accepts', async (kind) => {
    const keys = writeKeys(kind);
    const out = join(keys.dir, 'hello.vsa.json');
    const run = await runCli(['verify-artifact', HELLO, ...VALID, ...SOURCE, ...ROOT, '--emit-vsa', out, '--vsa-key', keys.privateKey]);
    expect(run.status).toBe(0);
    const envelope = JSON.parse(readFileSync(out, 'utf8')) as { payloadType: string; signatures: { keyid: string }[] };
    expect(envelope.payloadType).toBe('application/vnd.in-toto+json');
    const check = await verifyVsa(out, keys.publicKey, HELLO, `sha256:${sha256Of(join(REPO, HELLO))}`, ['--verified-levels', 'SLSA_BUILD_LEVEL_3']);
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
  });

  it('signs under --vsa-key-id, which verify-vsa then requires', async () => {
    const keys = writeKeys('ecdsa-p256');
    const out = join(keys.dir, 'vsa.json');
    const run = await runCli(['verify-artifact', HELLO, ...VALID, ...SOURCE, ...ROOT, '--emit-vsa', out, '--vsa-key', keys.privateKey, '--vsa-key-id', 'release-key']);
    expect(run.status).toBe(0);
    const digest = `sha256:${sha256Of(join(REPO, HELLO))}`;
    expect((await verifyVsa(out, keys.publicKey, HELLO, digest, ['--public-key-id', 'release-key'])).status).toBe(0);
    const other = await verifyVsa(out, keys.publicKey, HELLO, digest);
    expect(other.status).toBe(1);
    expect((JSON.parse(other.stdout) as { error: { code: string } }).error.code).toBe('ErrorNoValidSignature');
  });

  it('a tampered VSA fails verify-vsa', async () => {
    const keys = writeKeys('ed25519');
    const out = join(keys.dir, 'vsa.json');
    expect((await runCli(['verify-artifact', HELLO, ...VALID, ...SOURCE, ...ROOT, '--emit-vsa', out, '--vsa-key', keys.privateKey])).status).toBe(0);
    const envelope = JSON.parse(readFileSync(out, 'utf8')) as { payload: string };
    const statement = JSON.parse(Buffer.from(envelope.payload, 'base64').toString('utf8')) as Statement;
    statement.predicate.verifiedLevels = ['SLSA_BUILD_LEVEL_4'];
    envelope.payload = Buffer.from(JSON.stringify(statement)).toString('base64');
    writeFileSync(out, JSON.stringify(envelope));
    const check = await verifyVsa(out, keys.publicKey, HELLO, `sha256:${sha256Of(join(REPO, HELLO))}`);
    expect(check.status).toBe(1);
    expect((JSON.parse(check.stdout) as { error: { code: string } }).error.code).toBe('ErrorNoValidSignature');
  });

  it('without --vsa-key writes the in-toto statement itself', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'slsa-verify-emit-'));
    const out = join(dir, 'vsa.json');
    const run = await runCli(['verify-artifact', HELLO, ...VALID, ...SOURCE, ...ROOT, '--emit-vsa', out, '--vsa-verifier-id', 'https://verifier.example/ci']);
    expect(run.status).toBe(0);
    const statement = JSON.parse(readFileSync(out, 'utf8')) as Statement;
    expect(statement).toMatchObject({
      _type: 'https://in-toto.io/Statement/v1',
      predicateType: 'https://slsa.dev/verification_summary/v1',
      subject: [{ name: 'hello.txt', digest: { sha256: sha256Of(join(REPO, HELLO)) } }],
      predicate: {
        verifier: { id: 'https://verifier.example/ci' },
        resourceUri: HELLO,
        inputAttestations: [{ uri: 'fixtures/provenance/valid.intoto.jsonl', digest: { sha256: sha256Of(join(REPO, 'fixtures/provenance/valid.intoto.jsonl')) } }],
        verificationResult: 'PASSED',
        verifiedLevels: ['SLSA_BUILD_LEVEL_3'],
        slsaVersion: '1.0',
      },
    });
    expect(statement.predicate.timeVerified).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const policyJson = decodeURIComponent(statement.predicate.policy.uri.replace(/^data:application\/json,/, ''));
    expect(JSON.parse(policyJson)).toMatchObject({ command: 'verify-artifact', sourceUri: 'github.com/slsa-verify-fixtures/hello' });
    expect(statement.predicate.policy.digest.sha256).toBe(createHash('sha256').update(policyJson).digest('hex'));
  });

  it('writes nothing on a failure and leaves an existing file untouched', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'slsa-verify-emit-'));
    const fresh = join(dir, 'fresh.json');
    const existing = join(dir, 'existing.json');
    writeFileSync(existing, 'previous');
    for (const out of [fresh, existing]) {
      const run = await runCli(['verify-artifact', 'fixtures/artifacts/other.txt', ...VALID, ...SOURCE, ...ROOT, '--emit-vsa', out]);
      expect(run.status).toBe(1);
    }
    expect(existsSync(fresh)).toBe(false);
    expect(readFileSync(existing, 'utf8')).toBe('previous');
  });

  it('refuses a bad --vsa-key before verifying (exit 2), writing nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'slsa-verify-emit-'));
    const out = join(dir, 'vsa.json');
    const keys = writeKeys('ecdsa-p256');
    const bad = join(dir, 'bad.key');
    writeFileSync(bad, 'not a key');
    for (const key of [bad, keys.publicKey, join(dir, 'missing.key')]) {
      const run = await runCli(['verify-artifact', HELLO, ...VALID, ...SOURCE, ...ROOT, '--emit-vsa', out, '--vsa-key', key]);
      expect(run.status).toBe(2);
      expect(run.stderr).toMatch(/^Error: (invalid private key|cannot read file): --vsa-key /);
    }
    expect(existsSync(out)).toBe(false);
  });

  it('needs --emit-vsa for its companion flags, and --vsa-resource-uri for several artifacts (exit 2)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'slsa-verify-emit-'));
    const out = join(dir, 'vsa.json');
    expect((await runCli(['verify-artifact', HELLO, ...VALID, ...SOURCE, ...ROOT, '--vsa-verifier-id', 'x'])).status).toBe(2);
    const multi = ['verify-artifact', 'fixtures/artifacts/multi-a.txt', 'fixtures/artifacts/multi-b.txt', '--provenance-path', 'fixtures/provenance/valid-multi-line.intoto.jsonl', ...SOURCE, ...ROOT, '--emit-vsa', out];
    expect((await runCli(multi)).status).toBe(2);
    expect(existsSync(out)).toBe(false);
    expect((await runCli([...multi, '--vsa-resource-uri', 'https://example.com/release/v1'])).status).toBe(0);
    const statement = JSON.parse(readFileSync(out, 'utf8')) as Statement;
    expect(statement.subject.map((s) => s.name).sort()).toEqual(['multi-a.txt', 'multi-b.txt']);
    expect(statement.predicate.resourceUri).toBe('https://example.com/release/v1');
  });
});

describe('verify-npm-package --emit-vsa', () => {
  it('round-trips through verify-vsa with the package purl and both digests', async () => {
    const f = writeNpmFixture();
    const keys = writeKeys('rsa');
    const out = join(f.dir, 'vsa.json');
    const run = await runCli(npmArgs(f, {}, ['--emit-vsa', out, '--vsa-key', keys.privateKey]));
    expect(run.status).toBe(0);
    const purl = `pkg:npm/${f.fixture.packageName.replace('@', '%40')}@${f.fixture.version}`;
    const sha512 = createHash('sha512').update(readFileSync(f.tarball)).digest('hex');
    const check = await verifyVsa(out, keys.publicKey, purl, `sha256:${sha256Of(f.tarball)}`, ['--subject-digest', `sha512:${sha512}`, '--print-attestation']);
    expect(check.status).toBe(0);
    const vsa = (JSON.parse(check.stdout) as { vsa: { payload: Statement } }).vsa.payload;
    expect(vsa.subject).toEqual([{ name: purl, digest: { sha512, sha256: sha256Of(f.tarball) } }]);
    // The npm CLI's provenance is written by the user's own workflow on a hosted runner: level 2.
    expect(vsa.predicate.verifiedLevels).toEqual(['SLSA_BUILD_LEVEL_2']);
    expect(vsa.predicate.inputAttestations).toEqual([{ uri: f.attestations, digest: { sha256: sha256Of(f.attestations) } }]);
  });

  it('writes nothing when the package fails', async () => {
    const f = writeNpmFixture();
    const out = join(f.dir, 'vsa.json');
    const run = await runCli(npmArgs(f, { '--package-version': '9.9.9' }, ['--emit-vsa', out]));
    expect(run.status).toBe(1);
    expect(existsSync(out)).toBe(false);
  });
});

describe('verify-pypi --emit-vsa', () => {
  it('summarises a wheelhouse under the project purl, verifiable by verify-vsa', async () => {
    const f = writePypiFixture();
    const keys = writeKeys('ecdsa-p256');
    const out = join(keys.dir, 'vsa.json');
    const run = await runCli(['verify-pypi', f.dir, '--repository', f.fixture.repositoryUrl, '--trusted-root', f.trustedRoot, '--emit-vsa', out, '--vsa-key', keys.privateKey]);
    expect(run.status).toBe(0);
    const envelope = JSON.parse(readFileSync(out, 'utf8')) as { payload: string };
    const statement = JSON.parse(Buffer.from(envelope.payload, 'base64').toString('utf8')) as Statement;
    expect(statement.subject.map((s) => s.digest)).toEqual([{ sha256: sha256Of(f.wheel) }, { sha256: sha256Of(f.sdist) }]);
    expect(statement.predicate.resourceUri).toMatch(/^pkg:pypi\/[a-z0-9-]+@[^@]+$/);
    expect(statement.predicate.inputAttestations.map((a) => a.uri)).toEqual([`${f.wheel}.provenance`, `${f.sdist}.provenance`]);
    const check = await verifyVsa(out, keys.publicKey, statement.predicate.resourceUri, `sha256:${sha256Of(f.wheel)}`, ['--subject-digest', `sha256:${sha256Of(f.sdist)}`]);
    expect(check.status).toBe(0);
  });

  it('writes nothing when the publisher does not match', async () => {
    const f = writePypiFixture();
    const out = join(f.dir, 'vsa.json');
    const run = await runCli(pypiArgs(f, f.wheel, ['--workflow', 'other.yml', '--emit-vsa', out]));
    expect(run.status).toBe(1);
    expect(existsSync(out)).toBe(false);
  });
});

describe('verify-image --emit-vsa', () => {
  const GENERIC = ['--builder-id', 'https://github.com/slsa-framework/slsa-github-generator/.github/workflows/generator_generic_slsa3.yml@refs/tags/v2.1.0'];

  it('names the image by repository and digest, the reference as resource', async () => {
    const keys = writeKeys('ecdsa-p384');
    const out = join(keys.dir, 'vsa.json');
    const image = `ghcr.io/o/r@sha256:${HELLO_DIGEST}`;
    const run = await runCli(['verify-image', image, ...VALID, ...SOURCE, ...GENERIC, ...ROOT, '--emit-vsa', out, '--vsa-key', keys.privateKey]);
    expect(run.status).toBe(0);
    const check = await verifyVsa(out, keys.publicKey, image, `sha256:${HELLO_DIGEST}`, ['--verified-levels', 'SLSA_BUILD_LEVEL_3', '--print-attestation']);
    expect(check.status).toBe(0);
    expect((JSON.parse(check.stdout) as { vsa: { payload: Statement } }).vsa.payload.subject).toEqual([{ name: 'ghcr.io/o/r', digest: { sha256: HELLO_DIGEST } }]);
  });

  it('from an OCI layout, describes the verified statements as input attestations', async () => {
    const dir = writeLayout();
    const out = join(mkdtempSync(join(tmpdir(), 'slsa-verify-emit-')), 'vsa.json');
    const run = await runCli(['verify-image', `oci-layout:${dir}@sha256:${HELLO_DIGEST}`, ...SOURCE, ...GENERIC, ...ROOT, '--emit-vsa', out]);
    expect(run.status).toBe(0);
    const statement = JSON.parse(readFileSync(out, 'utf8')) as Statement;
    expect(statement.predicate.inputAttestations).toEqual([{ name: 'in-toto statement', digest: { sha256: expect.stringMatching(/^[0-9a-f]{64}$/) as unknown } }]);
  });

  it('writes nothing for another image', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'slsa-verify-emit-')), 'vsa.json');
    const run = await runCli(['verify-image', `ghcr.io/o/r@sha256:${'c'.repeat(64)}`, ...VALID, ...SOURCE, ...GENERIC, ...ROOT, '--emit-vsa', out]);
    expect(run.status).toBe(1);
    expect(existsSync(out)).toBe(false);
  });
});
