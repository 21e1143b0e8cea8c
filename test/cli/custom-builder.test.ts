import { createHash, sign } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CUSTOM_BUILDER_ID, customStatement, minisignKey } from '../../src/tools/fixtures/custom-builder.js';
import { signingKey } from '../../src/tools/fixtures/keyed.js';
import { messageBundleSet } from '../../src/tools/fixtures/message-bundle.js';
import { runCli, type JsonReport } from './run-cli.js';

/**
 * verify-artifact for custom builders: a plain provenance.json signed beside
 * it with cosign sign-blob --bundle (keyless, any issuer), openssl dgst -sign
 * (ECDSA, RSA) or minisign; source and refs from the generic SLSA fields;
 * --material binding the lockfile.
 */

const dir = mkdtempSync(join(tmpdir(), 'custom-builder-'));
const write = (name: string, content: string | Buffer): string => {
  writeFileSync(join(dir, name), content);
  return join(dir, name);
};
const ARTIFACT = Buffer.from('acme app 1.2.0\n');
const LOCKFILE = Buffer.from('{"lockfileVersion":3,"packages":{}}\n');
const artifact = write('app.tar.gz', ARTIFACT);
const lockfile = write('package-lock.json', LOCKFILE);
const otherLock = write('other-lock.json', Buffer.from('{}\n'));
const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
const subjects = [{ name: 'app.tar.gz', digest: { sha256: sha256(ARTIFACT) } }];
const COMMIT = 'a'.repeat(40);
const GITLAB_SOURCE = 'git+https://gitlab.com/acme/app@refs/heads/main';
const lockMaterial = { uri: 'file:package-lock.json', digest: { sha256: sha256(LOCKFILE) } };

const statements = {
  v02: Buffer.from(JSON.stringify(customStatement({ version: 'v0.2', subjects, source: GITLAB_SOURCE, commit: COMMIT, materials: [lockMaterial] }))),
  v1Tag: Buffer.from(JSON.stringify(customStatement({ version: 'v1', subjects, source: 'git+https://gitlab.com/acme/app@refs/tags/v1.2.0', commit: COMMIT, materials: [lockMaterial] }))),
  noRef: Buffer.from(JSON.stringify(customStatement({ version: 'v1', subjects, source: 'git+https://gitlab.com/acme/app', commit: COMMIT }))),
  noSource: Buffer.from(JSON.stringify(customStatement({ version: 'v0.2', subjects, source: undefined, commit: COMMIT }))),
};

const IDENTITIES = {
  gitlab: { identity: 'https://gitlab.com/acme/app//.gitlab-ci.yml@refs/heads/main', issuer: 'https://gitlab.com' },
  google: { identity: 'release-signer@acme-ci.iam.gserviceaccount.com', issuer: 'https://accounts.google.com', email: true },
};
const gitlab = messageBundleSet(Object.values(statements), { signer: IDENTITIES.gitlab });
const google = messageBundleSet([statements.v02], { signer: IDENTITIES.google });
const gitlabRoot = write('gitlab-root.json', JSON.stringify(gitlab.trustedRoot));
const googleRoot = write('google-root.json', JSON.stringify(google.trustedRoot));
const noLogRoot = write('no-log-root.json', JSON.stringify({ ...gitlab.trustedRoot, tlogs: [] }));

const files = Object.fromEntries(Object.entries(statements).map(([name, bytes]) => [name, write(`${name}.json`, bytes)])) as Record<keyof typeof statements, string>;
const tamperedV02 = write('tampered.json', Buffer.from(statements.v02.toString().replace('refs/heads/main', 'refs/heads/evil')));
const bundles = {
  v02: write('v02.sigstore.json', JSON.stringify(gitlab.certificateBundle(statements.v02))),
  v1Tag: write('v1Tag.sigstore.json', JSON.stringify(gitlab.certificateBundle(statements.v1Tag, 'P-384'))),
  noRef: write('noRef.sigstore.json', JSON.stringify(gitlab.certificateBundle(statements.noRef))),
  noSource: write('noSource.sigstore.json', JSON.stringify(gitlab.certificateBundle(statements.noSource))),
  google: write('google.sigstore.json', JSON.stringify(google.certificateBundle(statements.v02))),
};

const ecdsa = signingKey('ecdsa-p256');
const rsa = signingKey('rsa-pkcs1');
const otherKey = signingKey('ecdsa-p256');
const keys = { ecdsa: write('ecdsa.pem', ecdsa.publicPem), rsa: write('rsa.pem', rsa.publicPem), other: write('other.pem', otherKey.publicPem) };
// openssl dgst -sha256 -sign key.pem -out provenance.json.sig provenance.json: a raw DER/PKCS#1 signature.
const sigs = {
  ecdsa: write('ecdsa.sig', sign('sha256', statements.v02, ecdsa.privateKey)),
  rsa: write('rsa.sig', sign('sha256', statements.v02, rsa.privateKey)),
  ecdsaBase64: write('ecdsa.sig.b64', sign('sha256', statements.v02, ecdsa.privateKey).toString('base64')),
};
const mini = minisignKey();
const otherMini = minisignKey();
const minisign = {
  key: write('minisign.pub', mini.publicKey),
  otherKey: write('other-minisign.pub', otherMini.publicKey),
  prehashed: write('v02.json.minisig', mini.sign(statements.v02)),
  legacy: write('v02.json.legacy.minisig', mini.sign(statements.v02, { legacy: true })),
  forgedComment: write('forged.minisig', mini.sign(statements.v02).replace('trusted comment: timestamp', 'trusted comment: timestamq')),
};

const base = (provenance: string, extra: string[], source = 'gitlab.com/acme/app'): string[] => [
  'verify-artifact', artifact, '--provenance-path', provenance, '--source-uri', source, '--builder-id', CUSTOM_BUILDER_ID, ...extra,
];
const keyless = (bundle: string, root = gitlabRoot, identity: string[] = ['--certificate-identity', IDENTITIES.gitlab.identity], issuer = IDENTITIES.gitlab.issuer): string[] => [
  '--signature-bundle', bundle, '--trusted-root', root, ...identity, '--certificate-oidc-issuer', issuer,
];

async function expectCode(args: string[], code: string): Promise<void> {
  const run = await runCli([...args, '--format', 'json']);
  expect(run.status, `${args.join(' ')}\n${run.stderr}`).toBe(1);
  expect((JSON.parse(run.stdout) as JsonReport).error?.code, args.join(' ')).toBe(code);
}

describe('verify-artifact: a custom builder\'s provenance.json, signed beside it', () => {
  it('verifies each signing form with source, branch or tag from the generic SLSA fields and --material', async () => {
    const passing: string[][] = [
      base(files.v02, [...keyless(bundles.v02), '--source-branch', 'main', '--material', lockfile]),
      base(files.v1Tag, [...keyless(bundles.v1Tag, gitlabRoot, ['--certificate-identity-regexp', 'https://gitlab\\.com/acme/app//\\.gitlab-ci\\.yml@refs/(heads|tags)/.+']), '--source-tag', 'v1.2.0', '--material', `sha256:${sha256(LOCKFILE)}`]),
      base(files.v02, [...keyless(bundles.google, googleRoot, ['--certificate-identity', IDENTITIES.google.identity], IDENTITIES.google.issuer)]),
      base(files.v02, ['--public-key', keys.ecdsa, '--signature', sigs.ecdsa, '--source-branch', 'main']),
      base(files.v02, ['--public-key', keys.ecdsa, '--signature', sigs.ecdsaBase64]),
      base(files.v02, ['--public-key', keys.rsa, '--signature', sigs.rsa, '--material', lockfile]),
      base(files.v02, ['--public-key', minisign.key, '--signature', minisign.prehashed]),
      base(files.v02, ['--public-key', minisign.key, '--signature', minisign.legacy]),
      base(files.noRef, keyless(bundles.noRef)),
    ];
    for (const args of passing) {
      const run = await runCli(args);
      expect(run.stderr, args.join(' ')).toContain('PASSED: SLSA verification passed');
      expect(run.status).toBe(0);
    }
    const run = await runCli([...base(files.v02, keyless(bundles.v02)), '--format', 'json']);
    const report = JSON.parse(run.stdout) as { artifacts: { evidence: { kind: string; identity: string }; commit: string }[] };
    expect(report.artifacts[0]?.evidence).toEqual({ kind: 'certificate', identity: `${IDENTITIES.gitlab.identity} (issuer ${IDENTITIES.gitlab.issuer})` });
    expect(report.artifacts[0]?.commit).toBe(COMMIT);
  });

  it('refuses another identity, a pattern that matches only unanchored, another issuer, a tampered statement, a root with no log', async () => {
    await expectCode(base(files.v02, keyless(bundles.v02, gitlabRoot, ['--certificate-identity', 'https://gitlab.com/evil/app//.gitlab-ci.yml@refs/heads/main'])), 'ErrorMismatchCertificate');
    await expectCode(base(files.v02, keyless(bundles.v02, gitlabRoot, ['--certificate-identity-regexp', 'gitlab\\.com/acme/app'])), 'ErrorMismatchCertificate');
    await expectCode(base(files.v02, keyless(bundles.v02, gitlabRoot, ['--certificate-identity', IDENTITIES.gitlab.identity], 'https://token.actions.githubusercontent.com')), 'ErrorInvalidOIDCIssuer');
    await expectCode(base(tamperedV02, keyless(bundles.v02)), 'ErrorMismatchHash');
    await expectCode(base(files.v02, keyless(bundles.google, googleRoot)), 'ErrorMismatchCertificate');
    // A root without a transparency log cannot vouch for a bundle that needs a log entry: never a pass.
    const noLog = await runCli([...base(files.v02, keyless(bundles.v02, noLogRoot)), '--format', 'json']);
    expect(noLog.status).not.toBe(0);
    expect((JSON.parse(noLog.stdout) as JsonReport).verdict).toBe('FAILED');
  });

  it('refuses another key, a tampered statement, a forged minisign trusted comment', async () => {
    await expectCode(base(files.v02, ['--public-key', keys.other, '--signature', sigs.ecdsa]), 'ErrorNoValidSignature');
    await expectCode(base(tamperedV02, ['--public-key', keys.ecdsa, '--signature', sigs.ecdsa]), 'ErrorNoValidSignature');
    await expectCode(base(tamperedV02, ['--public-key', keys.rsa, '--signature', sigs.rsa]), 'ErrorNoValidSignature');
    await expectCode(base(files.v02, ['--public-key', minisign.otherKey, '--signature', minisign.prehashed]), 'ErrorNoValidSignature');
    await expectCode(base(tamperedV02, ['--public-key', minisign.key, '--signature', minisign.prehashed]), 'ErrorNoValidSignature');
    await expectCode(base(files.v02, ['--public-key', minisign.key, '--signature', minisign.forgedComment]), 'ErrorNoValidSignature');
  });

  it('refuses claims that disagree: builder, source, branch, tag, a missing ref or source, another material', async () => {
    const signed = keyless(bundles.v02);
    await expectCode(['verify-artifact', artifact, '--provenance-path', files.v02, '--source-uri', 'gitlab.com/acme/app', '--builder-id', `${CUSTOM_BUILDER_ID}x`, ...signed], 'ErrorMismatchBuilderID');
    await expectCode(base(files.v02, signed, 'gitlab.com/acme/app2'), 'ErrorMismatchSource');
    await expectCode(base(files.v02, signed, 'github.com/acme/app'), 'ErrorMismatchSource');
    await expectCode(base(files.v02, [...signed, '--source-branch', 'release']), 'ErrorMismatchBranch');
    // A branch build names no tag: as slsa-verifier reports it for its own builders.
    await expectCode(base(files.v02, [...signed, '--source-tag', 'v1.2.0']), 'ErrorInvalidRef');
    await expectCode(base(files.v1Tag, [...keyless(bundles.v1Tag), '--source-tag', 'v1.2.1']), 'ErrorMismatchTag');
    await expectCode(base(files.noRef, [...keyless(bundles.noRef), '--source-branch', 'main']), 'ErrorMismatchBranch');
    await expectCode(base(files.noSource, keyless(bundles.noSource)), 'ErrorMismatchSource');
    await expectCode(base(files.v02, [...signed, '--material', otherLock]), 'ErrorMismatchHash');
    await expectCode(base(files.noRef, [...keyless(bundles.noRef), '--material', lockfile]), 'ErrorMismatchHash');
  });

  it('is a usage error (exit 2) for an incomplete or contradictory signer', async () => {
    for (const extra of [
      ['--signature-bundle', bundles.v02, '--certificate-oidc-issuer', IDENTITIES.gitlab.issuer],
      ['--signature-bundle', bundles.v02, '--certificate-identity', 'a', '--certificate-identity-regexp', 'a', '--certificate-oidc-issuer', 'b'],
      ['--signature-bundle', bundles.v02, '--certificate-identity', IDENTITIES.gitlab.identity],
      ['--signature-bundle', bundles.v02, '--certificate-identity-regexp', '(', '--certificate-oidc-issuer', 'b'],
      ['--signature-bundle', bundles.v02, '--public-key', keys.ecdsa, '--certificate-identity', 'a', '--certificate-oidc-issuer', 'b'],
      ['--signature', sigs.ecdsa],
      ['--certificate-identity', 'a', '--certificate-oidc-issuer', 'b'],
      ['--material', lockfile],
    ]) {
      const run = await runCli(base(files.v02, extra));
      expect(run.status, extra.join(' ')).toBe(2);
    }
    const noBuilder = await runCli(['verify-artifact', artifact, '--provenance-path', files.v02, '--source-uri', 'gitlab.com/acme/app', ...keyless(bundles.v02)]);
    expect(noBuilder.status).toBe(2);
  });

  it('refuses non-regular files as provenance, signature, bundle, key or material (no read of a device)', async () => {
    for (const args of [
      base('/dev/zero', ['--public-key', keys.ecdsa, '--signature', sigs.ecdsa]),
      base(files.v02, ['--public-key', keys.ecdsa, '--signature', '/dev/zero']),
      base(files.v02, ['--public-key', '/dev/zero', '--signature', sigs.ecdsa]),
      base(files.v02, keyless('/dev/zero')),
      base(files.v02, ['--public-key', keys.ecdsa, '--signature', dir]),
    ]) {
      const run = await runCli([...args, '--format', 'json']);
      expect([1, 2], args.join(' ')).toContain(run.status);
      expect((JSON.parse(run.stdout) as JsonReport).error?.code).toBe('ErrorUnreadableFile');
    }
    expect((await runCli(base(files.v02, ['--public-key', keys.ecdsa, '--signature', sigs.ecdsa, '--material', '/dev/zero']))).status).not.toBe(0);
  });
});
