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
const set = messageBundleSet([ARTIFACT]);
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

const conformance = (subject: string, identity = MESSAGE_SIGNER_IDENTITY, issuer = MESSAGE_SIGNER_ISSUER): string[] => [
  'verify-bundle', '--bundle', bundle, '--certificate-identity', identity, '--certificate-oidc-issuer', issuer, '--trusted-root', root, subject,
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
});
