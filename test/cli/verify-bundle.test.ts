import { mkdtempSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toPem } from '../../src/tools/fixtures/der.js';
import { MESSAGE_SIGNER_IDENTITY, MESSAGE_SIGNER_ISSUER, messageBundleSet } from '../../src/tools/fixtures/message-bundle.js';
import { runCli } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'verify-bundle-'));
const ARTIFACT = Buffer.from('signed by a Sigstore client\n');
const NOTE = Buffer.from('a release note, signed as a plain DSSE payload\n');
const NPM_STATEMENT = Buffer.from(JSON.stringify({
  _type: 'https://in-toto.io/Statement/v1',
  subject: [{ name: 'pkg:npm/hello@1.0.0', digest: { sha512: createHash('sha512').update(ARTIFACT).digest('hex') } }],
  predicateType: 'https://github.com/npm/attestation/tree/main/specs/publish/v0.1',
  predicate: { name: 'hello', version: '1.0.0', registry: 'https://registry.npmjs.org' },
}));
const set = messageBundleSet([ARTIFACT], {
  dssePayloads: [
    { payloadType: 'text/plain', payload: NOTE },
    { payloadType: 'application/vnd.in-toto+json', payload: NPM_STATEMENT },
  ],
});
const write = (name: string, content: string | Buffer): string => {
  writeFileSync(join(dir, name), content);
  return join(dir, name);
};
const artifact = write('artifact.txt', ARTIFACT);
const tampered = write('tampered.txt', Buffer.concat([ARTIFACT, Buffer.from('!')]));
const root = write('trusted_root.json', JSON.stringify(set.trustedRoot));
const bundle = write('artifact.sigstore.json', JSON.stringify(set.certificateBundle(ARTIFACT)));
const keyBundle = write('artifact.key.sigstore.json', JSON.stringify(set.keyBundle(ARTIFACT)));
const key = write('key.pem', toPem('PUBLIC KEY', set.key.spki));
const sha = `sha256:${createHash('sha256').update(ARTIFACT).digest('hex')}`;

const sha512 = `sha512:${createHash('sha512').update(ARTIFACT).digest('hex')}`;
const note = write('note.txt', NOTE);
const forms = {
  p384: write('p384.sigstore.json', JSON.stringify(set.certificateBundle(ARTIFACT, 'P-384'))),
  p521: write('p521.sigstore.json', JSON.stringify(set.certificateBundle(ARTIFACT, 'P-521'))),
  npm: write('npm.sigstore.json', JSON.stringify(set.dsseBundle('application/vnd.in-toto+json', NPM_STATEMENT))),
  note: write('note.sigstore.json', JSON.stringify(set.dsseBundle('text/plain', NOTE))),
  timesInside: write('times-inside.sigstore.json', JSON.stringify(set.twoTimestampBundle(ARTIFACT, 'inside'))),
  timesOutside: write('times-outside.sigstore.json', JSON.stringify(set.twoTimestampBundle(ARTIFACT, 'outside'))),
};

const conformance = (subject: string, identity = MESSAGE_SIGNER_IDENTITY, issuer = MESSAGE_SIGNER_ISSUER, bundlePath = bundle): string[] => [
  'verify-bundle', '--bundle', bundlePath, '--certificate-identity', identity, '--certificate-oidc-issuer', issuer, '--trusted-root', root, subject,
];

describe('verify-bundle CLI (conformance client protocol)', () => {
  it('passes for the file and for its sha256: digest', async () => {
    for (const subject of [artifact, sha]) {
      const run = await runCli(conformance(subject));
      expect(run.stderr).toContain('PASSED: bundle verification passed');
      expect(run.status).toBe(0);
    }
  });

  it('fails (exit 1) on another identity, another issuer, a tampered artifact', async () => {
    const cases: [string[], string][] = [
      [conformance(artifact, 'https://github.com/slsa-verify-fixtures/hello'), 'ErrorMismatchCertificate'],
      [conformance(artifact, MESSAGE_SIGNER_IDENTITY, 'https://accounts.google.com'), 'ErrorInvalidOIDCIssuer'],
      [conformance(tampered), 'ErrorMismatchHash'],
    ];
    for (const [args, code] of cases) {
      const run = await runCli([...args, '--format', 'json']);
      expect(run.status).toBe(1);
      expect((JSON.parse(run.stdout) as { error: { code: string } }).error.code).toBe(code);
    }
  });

  it('verifies a key-signed bundle with --key', async () => {
    const run = await runCli(['verify-bundle', '--bundle', keyBundle, '--key', key, '--trusted-root', root, artifact]);
    expect(run.stderr).toMatch(/Verified message signature signed by key SHA256:/);
    expect(run.status).toBe(0);
  });

  it('is a usage error (exit 2) without a signer, or with both kinds', async () => {
    expect((await runCli(['verify-bundle', '--bundle', bundle, '--trusted-root', root, artifact])).status).toBe(2);
    expect((await runCli([...conformance(artifact), '--key', key])).status).toBe(2);
    expect((await runCli(['verify-bundle', '--bundle', bundle, '--certificate-identity', MESSAGE_SIGNER_IDENTITY, artifact])).status).toBe(2);
  });

  it('verifies every form a Sigstore client signs: P-384/SHA-384, P-521/SHA-512, sha512-only subjects, non-in-toto DSSE, several timestamps', async () => {
    const passing: [string, string][] = [
      [forms.p384, artifact], [forms.p521, artifact], [forms.p521, sha512],
      [forms.npm, artifact], [forms.npm, sha512], [forms.note, note], [forms.timesInside, artifact],
    ];
    for (const [bundlePath, subject] of passing) {
      const run = await runCli(conformance(subject, MESSAGE_SIGNER_IDENTITY, MESSAGE_SIGNER_ISSUER, bundlePath));
      expect(run.stderr, `${bundlePath} ${subject}`).toContain('PASSED: bundle verification passed');
      expect(run.status).toBe(0);
    }
  });

  it('refuses their hostile counterparts (exit 1)', async () => {
    const other = 'https://github.com/evil/hello/.github/workflows/sign.yml@refs/heads/main';
    const cases: [string[], string][] = [
      [conformance(tampered, MESSAGE_SIGNER_IDENTITY, MESSAGE_SIGNER_ISSUER, forms.p384), 'ErrorMismatchHash'],
      [conformance(artifact, other, MESSAGE_SIGNER_ISSUER, forms.p521), 'ErrorMismatchCertificate'],
      [conformance(sha, MESSAGE_SIGNER_IDENTITY, MESSAGE_SIGNER_ISSUER, forms.p521), 'ErrorMismatchHash'],
      [conformance(tampered, MESSAGE_SIGNER_IDENTITY, MESSAGE_SIGNER_ISSUER, forms.npm), 'ErrorMismatchHash'],
      [conformance(sha, MESSAGE_SIGNER_IDENTITY, MESSAGE_SIGNER_ISSUER, forms.npm), 'ErrorMismatchHash'],
      [conformance(artifact, MESSAGE_SIGNER_IDENTITY, MESSAGE_SIGNER_ISSUER, forms.note), 'ErrorMismatchHash'],
      [conformance(note, other, MESSAGE_SIGNER_ISSUER, forms.note), 'ErrorMismatchCertificate'],
      // One of two timestamps after the certificate expired: every Sigstore client refuses it.
      [conformance(artifact, MESSAGE_SIGNER_IDENTITY, MESSAGE_SIGNER_ISSUER, forms.timesOutside), 'ErrorInvalidCertificate'],
    ];
    for (const [args, code] of cases) {
      const run = await runCli([...args, '--format', 'json']);
      expect(run.status, args.join(' ')).toBe(1);
      expect((JSON.parse(run.stdout) as { error: { code: string } }).error.code).toBe(code);
    }
  });

  it('refuses a device or directory as the bundle or the artifact, before reading it', async () => {
    for (const args of [conformance('/dev/zero'), conformance(artifact, MESSAGE_SIGNER_IDENTITY, MESSAGE_SIGNER_ISSUER, '/dev/zero'), conformance(dir)]) {
      const run = await runCli([...args, '--format', 'json']);
      expect(run.status, args.join(' ')).not.toBe(0);
      expect((JSON.parse(run.stdout) as { error: { code: string } }).error.code).toBe('ErrorUnreadableFile');
    }
  });
});
