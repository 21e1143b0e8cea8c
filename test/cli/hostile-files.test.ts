import { execFileSync, spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_SENTENCES } from '../../src/errors/index.js';
import { FILE_CAPS } from '../../src/files/caps.js';
import { artifactDigest } from '../../src/tools/fixtures/artifacts.js';
import { HELLO_SOURCE } from '../../src/tools/fixtures/cases.js';
import { toPem } from '../../src/tools/fixtures/der.js';
import { keyedRun, keySignedEnvelope, signingKey } from '../../src/tools/fixtures/keyed.js';
import { MESSAGE_SIGNER_IDENTITY, MESSAGE_SIGNER_ISSUER, messageBundleSet } from '../../src/tools/fixtures/message-bundle.js';
import { genericStatement } from '../../src/tools/fixtures/provenance.js';
import { gcloudJson, keyPair, BUILDER as GCB_BUILDER, DIGEST as GCB_DIGEST, SOURCE as GCB_SOURCE } from '../gcb/fixture.js';
import { HELLO_DIGEST, writeLayout } from '../image/layout-fixture.js';
import { filesOf, writeTar } from '../image/tar-fixture.js';
import { npmLockArgs, writeNpmProject } from '../lockfile/tree-files.js';
import { npmArgs, writeNpmFixture } from '../npm/fixture-files.js';
import { pypiArgs, writePypiFixture } from '../pypi/fixture-files.js';
import { DIGEST as VSA_DIGEST, RESOURCE_URI, VERIFIER_ID, vsaStatement, writeVsa } from '../vsa/vsa-fixture.js';
import { REPO } from './run-cli.js';

/**
 * Every flag that names a file, given what no verifier may read whole or wait
 * on: /dev/zero, a FIFO, a directory, a symlink to each, and a file one byte
 * over its cap (sparse: fstat says so, nothing is read). Each must end at
 * once with a clear failure, the one the flag's file kind calls for. A control
 * run with the valid file passes first, so each refusal is that file's.
 */

const BIN = join(REPO, 'bin/slsa-verify');
const RUN_TIMEOUT_MS = 20_000;

interface Run {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** The real CLI, killed if it has not ended in time (a blocked open must not hang the suite). */
function runBounded(args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: REPO,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: RUN_TIMEOUT_MS,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (status, signal) => resolve({ status, signal, stdout, stderr }));
  });
}

async function pool<T>(items: readonly T[], size: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: size }, async () => {
    while (next < items.length) await work(items[next++]!);
  }));
}

/**
 * The run's error code: the JSON report's (a lockfile: the first failed
 * package's); a run that stopped before its report printed `Error: <sentence>`,
 * and the code whose stable sentence that is counts.
 */
function codeOf(run: Run): string | undefined {
  try {
    const doc = JSON.parse(run.stdout) as { error?: { code?: string } | null; packages?: { error?: { code?: string } | null }[] };
    return doc.error?.code ?? doc.packages?.find((p) => p.error)?.error?.code ?? undefined;
  } catch {
    const said = /^Error: (.*)$/m.exec(run.stderr)?.[1] ?? '';
    const matches = Object.entries(ERROR_SENTENCES).filter(([, sentence]) => said.startsWith(`${sentence}:`));
    return matches.sort(([, a], [, b]) => b.length - a.length)[0]?.[0];
  }
}

const work = mkdtempSync(join(tmpdir(), 'hostile-files-'));
const fifo = join(work, 'fifo');
execFileSync('mkfifo', [fifo]);
const directory = join(work, 'directory');
mkdirSync(directory);
const link = (name: string, target: string): string => {
  symlinkSync(target, join(work, name));
  return join(work, name);
};
const NON_REGULAR: Readonly<Record<string, string>> = {
  '/dev/zero': '/dev/zero',
  FIFO: fifo,
  directory,
  'symlink to /dev/zero': link('to-zero', '/dev/zero'),
  'symlink to a FIFO': link('to-fifo', fifo),
  'symlink to a directory': link('to-directory', directory),
};

let sparse = 0;
/** A sparse file one byte over `cap`: only its size is real. */
function overCap(cap: number): string {
  const path = join(work, `over-${sparse++}`);
  writeFileSync(path, '');
  truncateSync(path, cap + 1);
  return path;
}

const write = (dir: string, name: string, content: string | Buffer): string => {
  writeFileSync(join(dir, name), content);
  return join(dir, name);
};

interface Expected {
  exit: number;
  code: string | undefined;
}

interface FileFlag {
  /** e.g. "verify-artifact --provenance-path". */
  flag: string;
  /** The argv with `file` in the flag's place (it may place the file inside a tree, e.g. as DIR/index.json). */
  args: (file: string) => string[];
  valid: string;
  /** Expected exit and code for a non-regular file (default 2, ErrorUnreadableFile). */
  unreadable?: Expected;
  /** Kinds with another outcome, e.g. a directory where a directory is a valid input. */
  except?: Readonly<Record<string, Expected>>;
  /** The cap and what one byte over it gives; absent for files read with no cap (artifacts being hashed). */
  cap?: Expected & { bytes: number };
}

// --- valid inputs ----------------------------------------------------------
const HELLO = 'fixtures/artifacts/hello.txt';
const PROVENANCE = 'fixtures/provenance/valid.intoto.jsonl';
const ROOT = 'fixtures/trusted_root.json';
const GENERIC_BUILDER = 'https://github.com/slsa-framework/slsa-github-generator/.github/workflows/generator_generic_slsa3.yml@refs/tags/v2.1.0';
const fixturesDir = mkdtempSync(join(tmpdir(), 'hostile-files-valid-'));
const checksums = write(fixturesDir, 'SHA256SUMS', `${artifactDigest('hello.txt')}  hello.txt\n`);
const policy = write(fixturesDir, 'policy.yaml', 'version: 1\n');
const vsaKey = write(fixturesDir, 'vsa.key', generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }));
let emitted = 0;
const emitPath = (): string => join(fixturesDir, `vsa-${emitted++}.json`);

const KEYED_BUILDER = 'https://builder.example.com/custom-builder@v1.0.0';
const keyed = signingKey('ed25519');
const keyedKey = write(fixturesDir, 'keyed.pem', keyed.publicPem);
const keyedProvenance = write(fixturesDir, 'keyed.intoto.jsonl', `${JSON.stringify(keySignedEnvelope(
  genericStatement(keyedRun(), [{ name: 'hello.txt', digest: { sha256: artifactDigest('hello.txt') } }], KEYED_BUILDER), [{ key: keyed, keyid: 'k' }],
))}\n`);

const npm = writeNpmFixture();
const vsa = writeVsa('ed25519', vsaStatement());
const pypi = writePypiFixture();
const lock = writeNpmProject([{ name: 'tiny', version: '1.0.0' }]);

const gcbSigner = keyPair();
const gcbDir = mkdtempSync(join(tmpdir(), 'hostile-files-gcb-'));
const gcbKey = write(gcbDir, 'us-central1.key', gcbSigner.publicKey.export({ type: 'spki', format: 'pem' }));
const gcbProvenance = write(gcbDir, 'prov.json', gcloudJson({ privateKey: gcbSigner.privateKey }));
const gcbTrust = (keyFile: string): string => write(mkdtempSync(join(tmpdir(), 'hostile-files-trust-')), 'trust.json', JSON.stringify({ gcb: { keys: { 'us-central1': keyFile } } }));
const gcbTrustConfig = gcbTrust(gcbKey);

const layout = writeLayout();
const archive = writeTar(filesOf(layout));

const message = Buffer.from('signed by a Sigstore client\n');
const bundleSet = messageBundleSet([message]);
const bundleDir = mkdtempSync(join(tmpdir(), 'hostile-files-bundle-'));
const bundleArtifact = write(bundleDir, 'artifact.txt', message);
const bundleRoot = write(bundleDir, 'trusted_root.json', JSON.stringify(bundleSet.trustedRoot));
const certificateBundle = write(bundleDir, 'artifact.sigstore.json', JSON.stringify(bundleSet.certificateBundle(message)));
const keyBundle = write(bundleDir, 'artifact.key.sigstore.json', JSON.stringify(bundleSet.keyBundle(message)));
const bundleKey = write(bundleDir, 'key.pem', toPem('PUBLIC KEY', bundleSet.key.spki));

/** A copy of a tree with one file inside it replaced by a symlink to `file`. */
function layoutWith(relative: string, file: string): string {
  const dir = writeLayout();
  rmSync(join(dir, relative));
  symlinkSync(file, join(dir, relative));
  return dir;
}
function lockTreeWith(name: string, file: string): string {
  const p = writeNpmProject([{ name: 'tiny', version: '1.0.0' }]);
  rmSync(join(p.tarballs, name));
  symlinkSync(file, join(p.tarballs, name));
  return p.tarballs;
}

// --- the flags ---------------------------------------------------------------
const artifactArgs = (o: { artifact?: string; provenance?: string; root?: string; extra?: string[] } = {}): string[] => [
  'verify-artifact', ...(o.artifact === undefined ? [HELLO] : [o.artifact]), '--provenance-path', o.provenance ?? PROVENANCE,
  '--source-uri', HELLO_SOURCE, '--trusted-root', o.root ?? ROOT, '--format', 'json', ...(o.extra ?? []),
];
const imageArgs = (image: string, extra: string[]): string[] =>
  ['verify-image', image, '--source-uri', HELLO_SOURCE, '--builder-id', GENERIC_BUILDER, '--format', 'json', ...extra];
const gcbArgs = (provenance: string, trustConfig: string): string[] => [
  'verify-image', `us-docker.pkg.dev/p/r/img@sha256:${GCB_DIGEST}`, '--provenance-path', provenance, '--source-uri', GCB_SOURCE,
  '--builder-id', GCB_BUILDER, '--trust-config', trustConfig, '--format', 'json',
];
const vsaArgs = (attestation: string, publicKey: string): string[] => [
  'verify-vsa', '--attestation-path', attestation, '--public-key-path', publicKey, '--public-key-id', 'test-key',
  '--verifier-id', VERIFIER_ID, '--resource-uri', RESOURCE_URI, '--subject-digest', VSA_DIGEST, '--format', 'json',
];
const bundleArgs = (o: { bundle?: string; artifact?: string; root?: string }): string[] => [
  'verify-bundle', '--bundle', o.bundle ?? certificateBundle, '--certificate-identity', MESSAGE_SIGNER_IDENTITY,
  '--certificate-oidc-issuer', MESSAGE_SIGNER_ISSUER, '--trusted-root', o.root ?? bundleRoot, '--format', 'json', o.artifact ?? bundleArtifact,
];
const npmWith = (overrides: Record<string, string>, tarball = npm.tarball): string[] =>
  [...npmArgs({ ...npm, tarball }, overrides), '--format', 'json'];
const pypiWith = (dist: string, provenance: string, root: string): string[] =>
  ['verify-pypi', dist, '--provenance', provenance, '--repository', pypi.fixture.repositoryUrl, '--trusted-root', root, '--format', 'json'];
const lockWith = (o: { lockfile?: string; policy?: string; pins?: string; root?: string; keys?: string; artifacts?: string }): string[] => [
  'verify-lockfile', o.lockfile ?? lock.lockfile, '--artifacts', o.artifacts ?? lock.tarballs, '--policy', o.policy ?? lock.policy,
  '--trusted-root', o.root ?? lock.trustedRoot, '--npm-registry-keys', o.keys ?? lock.registryKeys, '--format', 'json',
  ...(o.pins === undefined ? [] : ['--pins', o.pins]),
];

const evidence = (bytes: number) => ({ bytes, exit: 1, code: 'ErrorInvalidFormat' });
const FLAGS: FileFlag[] = [
  { flag: 'verify-artifact ARTIFACT', args: (f) => artifactArgs({ artifact: f }), valid: HELLO },
  { flag: 'verify-artifact --provenance-path', args: (f) => artifactArgs({ provenance: f }), valid: PROVENANCE, cap: evidence(FILE_CAPS.provenance) },
  { flag: 'verify-artifact --trusted-root', args: (f) => artifactArgs({ root: f }), valid: ROOT, cap: { bytes: FILE_CAPS.trustedRoot, exit: 2, code: 'ErrorInvalidTrustedRoot' } },
  {
    flag: 'verify-artifact --checksums',
    args: (f) => ['verify-artifact', '--checksums', f, '--provenance-path', PROVENANCE, '--source-uri', HELLO_SOURCE, '--trusted-root', ROOT, '--format', 'json'],
    valid: checksums, cap: { bytes: FILE_CAPS.checksums, exit: 2, code: 'ErrorUsage' },
  },
  { flag: 'verify-artifact --policy', args: (f) => artifactArgs({ extra: ['--policy', f] }), valid: policy, cap: { bytes: FILE_CAPS.policy, exit: 2, code: 'ErrorInvalidPolicy' } },
  {
    flag: 'verify-artifact --vsa-key', args: (f) => artifactArgs({ extra: ['--emit-vsa', emitPath(), '--vsa-key', f] }), valid: vsaKey,
    cap: { bytes: FILE_CAPS.privateKey, exit: 2, code: 'ErrorInvalidPrivateKey' },
  },
  {
    flag: 'verify-artifact --public-key',
    args: (f) => artifactArgs({ provenance: keyedProvenance, extra: ['--public-key', f, '--builder-id', KEYED_BUILDER] }),
    valid: keyedKey, cap: { bytes: FILE_CAPS.publicKey, exit: 1, code: 'ErrorInvalidPublicKey' },
  },
  { flag: 'verify-npm-package TARBALL', args: (f) => npmWith({}, f), valid: npm.tarball },
  { flag: 'verify-npm-package --attestations-path', args: (f) => npmWith({ '--attestations-path': f }), valid: npm.attestations, cap: evidence(FILE_CAPS.npmAttestations) },
  { flag: 'verify-npm-package --trusted-root', args: (f) => npmWith({ '--trusted-root': f }), valid: npm.trustedRoot, cap: { bytes: FILE_CAPS.trustedRoot, exit: 2, code: 'ErrorInvalidTrustedRoot' } },
  {
    flag: 'verify-npm-package --npm-registry-keys', args: (f) => npmWith({ '--npm-registry-keys': f }), valid: npm.registryKeys,
    cap: { bytes: FILE_CAPS.npmRegistryKeys, exit: 2, code: 'ErrorInvalidTrustedRoot' },
  },
  { flag: 'verify-vsa --attestation-path', args: (f) => vsaArgs(f, vsa.publicKey), valid: vsa.attestation, cap: evidence(FILE_CAPS.vsa) },
  { flag: 'verify-vsa --public-key-path', args: (f) => vsaArgs(vsa.attestation, f), valid: vsa.publicKey, cap: { bytes: FILE_CAPS.publicKey, exit: 1, code: 'ErrorInvalidPublicKey' } },
  {
    flag: 'verify-image --provenance-path', args: (f) => imageArgs(`ghcr.io/o/r@sha256:${HELLO_DIGEST}`, ['--provenance-path', f, '--trusted-root', ROOT]),
    valid: PROVENANCE, cap: evidence(FILE_CAPS.provenance),
  },
  {
    flag: 'verify-image --trusted-root', args: (f) => imageArgs(`ghcr.io/o/r@sha256:${HELLO_DIGEST}`, ['--provenance-path', PROVENANCE, '--trusted-root', f]),
    valid: ROOT, cap: { bytes: FILE_CAPS.trustedRoot, exit: 2, code: 'ErrorInvalidTrustedRoot' },
  },
  // A file planted inside a layout is damage to the evidence (exit 1); a blob is read no further than its descriptor's size.
  {
    flag: 'verify-image oci-layout:DIR (index.json)', args: (f) => imageArgs(`oci-layout:${layoutWith('index.json', f)}@sha256:${HELLO_DIGEST}`, ['--trusted-root', ROOT]),
    valid: join(layout, 'index.json'), unreadable: { exit: 1, code: 'ErrorInvalidFormat' }, cap: evidence(FILE_CAPS.ociIndex),
  },
  {
    flag: 'verify-image oci-layout:DIR (the image manifest blob)',
    args: (f) => imageArgs(`oci-layout:${layoutWith(`blobs/sha256/${HELLO_DIGEST}`, f)}@sha256:${HELLO_DIGEST}`, ['--trusted-root', ROOT]),
    valid: join(layout, 'blobs', 'sha256', HELLO_DIGEST), unreadable: { exit: 1, code: 'ErrorInvalidFormat' }, cap: evidence(FILE_CAPS.ociBlob),
  },
  { flag: 'verify-image docker-archive:FILE', args: (f) => imageArgs(`docker-archive:${f}@sha256:${HELLO_DIGEST}`, ['--trusted-root', ROOT]), valid: archive, cap: evidence(FILE_CAPS.dockerArchive) },
  { flag: 'verify-image --provenance-path (Cloud Build)', args: (f) => gcbArgs(f, gcbTrustConfig), valid: gcbProvenance, cap: evidence(FILE_CAPS.provenance) },
  { flag: 'verify-image --trust-config', args: (f) => gcbArgs(gcbProvenance, f), valid: gcbTrustConfig, cap: { bytes: FILE_CAPS.trustConfig, exit: 2, code: 'ErrorInvalidTrustConfig' } },
  { flag: 'verify-image --trust-config (a key file it names)', args: (f) => gcbArgs(gcbProvenance, gcbTrust(f)), valid: gcbKey, cap: { bytes: FILE_CAPS.trustConfig, exit: 2, code: 'ErrorInvalidTrustConfig' } },
  {
    // A directory is a wheelhouse, which takes no --provenance.
    flag: 'verify-pypi DIST', args: (f) => pypiWith(f, `${pypi.wheel}.provenance`, pypi.trustedRoot), valid: pypi.wheel,
    except: { directory: { exit: 2, code: 'ErrorUsage' }, 'symlink to a directory': { exit: 2, code: 'ErrorUsage' } },
  },
  { flag: 'verify-pypi --provenance', args: (f) => pypiWith(pypi.wheel, f, pypi.trustedRoot), valid: `${pypi.wheel}.provenance`, cap: evidence(FILE_CAPS.pypiProvenance) },
  {
    flag: 'verify-pypi --trusted-root', args: (f) => pypiWith(pypi.wheel, `${pypi.wheel}.provenance`, f), valid: pypi.trustedRoot,
    cap: { bytes: FILE_CAPS.trustedRoot, exit: 2, code: 'ErrorInvalidTrustedRoot' },
  },
  { flag: 'verify-lockfile LOCKFILE', args: (f) => lockWith({ lockfile: f }), valid: lock.lockfile, cap: { bytes: FILE_CAPS.lockfile, exit: 2, code: 'ErrorUsage' } },
  { flag: 'verify-lockfile --policy', args: (f) => lockWith({ policy: f }), valid: lock.policy, cap: { bytes: FILE_CAPS.policy, exit: 2, code: 'ErrorInvalidPolicy' } },
  { flag: 'verify-lockfile --pins', args: (f) => lockWith({ pins: f }), valid: join(lock.dir, 'new-pins.json'), cap: { bytes: FILE_CAPS.pins, exit: 2, code: 'ErrorUsage' } },
  { flag: 'verify-lockfile --trusted-root', args: (f) => lockWith({ root: f }), valid: lock.trustedRoot, cap: { bytes: FILE_CAPS.trustedRoot, exit: 2, code: 'ErrorInvalidTrustedRoot' } },
  {
    flag: 'verify-lockfile --npm-registry-keys', args: (f) => lockWith({ keys: f }), valid: lock.registryKeys,
    cap: { bytes: FILE_CAPS.npmRegistryKeys, exit: 2, code: 'ErrorInvalidTrustedRoot' },
  },
  // Files inside --artifacts fail their package, not the run: a tarball that cannot be read is not present (exit 1);
  // an attestations file that cannot be read is, as any unreadable file, a run that could not go as asked (exit 2).
  {
    flag: 'verify-lockfile --artifacts (a tarball in it)', args: (f) => lockWith({ artifacts: lockTreeWith(lock.tree.packages[0]!.tarballName, f) }),
    valid: join(lock.tarballs, lock.tree.packages[0]!.tarballName), unreadable: { exit: 1, code: 'ErrorNotPresent' },
  },
  {
    flag: 'verify-lockfile --artifacts (an attestations file in it)',
    args: (f) => lockWith({ artifacts: lockTreeWith(`${lock.tree.packages[0]!.tarballName}.attestations.json`, f) }),
    valid: join(lock.tarballs, `${lock.tree.packages[0]!.tarballName}.attestations.json`),
    cap: evidence(FILE_CAPS.npmAttestations),
  },
  { flag: 'verify-bundle FILE', args: (f) => bundleArgs({ artifact: f }), valid: bundleArtifact, cap: evidence(FILE_CAPS.bundleArtifact) },
  { flag: 'verify-bundle --bundle', args: (f) => bundleArgs({ bundle: f }), valid: certificateBundle, cap: evidence(FILE_CAPS.bundle) },
  { flag: 'verify-bundle --trusted-root', args: (f) => bundleArgs({ root: f }), valid: bundleRoot, cap: { bytes: FILE_CAPS.trustedRoot, exit: 2, code: 'ErrorInvalidTrustedRoot' } },
  {
    flag: 'verify-bundle --key', args: (f) => ['verify-bundle', '--bundle', keyBundle, '--key', f, '--trusted-root', bundleRoot, '--format', 'json', bundleArtifact],
    // The key is checked with the flags, before anything runs: a bad one is a usage error (exit 2).
    valid: bundleKey, cap: { bytes: FILE_CAPS.publicKey, exit: 2, code: 'ErrorInvalidPublicKey' },
  },
  { flag: 'inspect FILE', args: (f) => ['inspect', f], valid: PROVENANCE, cap: evidence(FILE_CAPS.provenance) },
  { flag: 'policy explain FILE', args: (f) => ['policy', 'explain', f], valid: policy, cap: { bytes: FILE_CAPS.policy, exit: 2, code: 'ErrorInvalidPolicy' } },
];

// Concurrent: each case is a few CLI runs that mostly wait; serially the file takes minutes.
describe.concurrent('every flag that names a file refuses what is not a bounded regular file', () => {
  it.each(FLAGS.map((f) => [f.flag, f] as const))('%s', { timeout: 120_000 }, async (_name, spec) => {
    const control = await runBounded(spec.args(spec.valid));
    expect(control.status, `control run: ${control.stderr}`).toBe(0);

    const cases: [string, string, Expected][] = Object.entries(NON_REGULAR).map(
      ([kind, path]) => [kind, path, spec.except?.[kind] ?? spec.unreadable ?? { exit: 2, code: 'ErrorUnreadableFile' }],
    );
    if (spec.cap) cases.push(['one byte over the cap', overCap(spec.cap.bytes), spec.cap]);
    await pool(cases, 2, async ([kind, path, expected]) => {
      const run = await runBounded(spec.args(path));
      expect(run.signal, `${kind}: killed after ${RUN_TIMEOUT_MS} ms`).toBeNull();
      expect(run.status, `${kind}: ${run.stderr}`).toBe(expected.exit);
      if (expected.code !== undefined) expect(codeOf(run), kind).toBe(expected.code);
      expect(run.stderr, kind).not.toMatch(/internal error|\n\s+at /);
    });
  });

  it('a directory operand that is not a directory: --artifacts and oci-layout:DIR', { timeout: 60_000 }, async () => {
    for (const path of ['/dev/zero', fifo, NON_REGULAR['symlink to a FIFO']]) {
      const lockRun = await runBounded(lockWith({ artifacts: path }));
      expect(lockRun.signal).toBeNull();
      expect(lockRun.status).toBe(2);
      expect(codeOf(lockRun)).toBe('ErrorUnreadableFile');
      const image = await runBounded(imageArgs(`oci-layout:${path}@sha256:${HELLO_DIGEST}`, ['--trusted-root', ROOT]));
      expect(image.signal).toBeNull();
      expect(image.status).toBe(2);
      expect(codeOf(image)).toBe('ErrorUnreadableFile');
    }
  });
});
