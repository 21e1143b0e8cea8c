import { describe, expect, it } from 'vitest';
import { DIGEST, RESOURCE_URI, VERIFIER_ID, vsaStatement, writeVsa } from '../vsa/vsa-fixture.js';
import { runCli } from './run-cli.js';

function args(files: { attestation: string; publicKey: string }, extra: string[] = []): string[] {
  return [
    'verify-vsa', '--attestation-path', files.attestation, '--public-key-path', files.publicKey, '--public-key-id', 'test-key',
    '--verifier-id', VERIFIER_ID, '--resource-uri', RESOURCE_URI, '--subject-digest', DIGEST, ...extra,
  ];
}

describe('verify-vsa CLI', () => {
  it('passes with slsa-verifier\'s lines and prints the statement on request', async () => {
    const files = writeVsa('ecdsa-p256-raw', vsaStatement());
    const run = await runCli(args(files, ['--verified-level', 'SLSA_BUILD_LEVEL_2', '--print-attestation']));
    expect(run.status).toBe(0);
    expect(run.stderr.split('\n').filter((l) => l !== '')).toEqual(['Verifying VSA: PASSED', 'PASSED: SLSA verification passed']);
    expect((JSON.parse(run.stdout) as { predicateType: string }).predicateType).toBe('https://slsa.dev/verification_summary/v1');
  });

  it('fails (exit 1) when the VSA level is too low, with the code in JSON', async () => {
    const files = writeVsa('rsa', vsaStatement((p) => (p['verifiedLevels'] = ['SLSA_BUILD_LEVEL_1'])));
    const run = await runCli(args(files, ['--verified-levels', 'SLSA_BUILD_LEVEL_2,FEDRAMP_LOW', '--format', 'json']));
    expect(run.status).toBe(1);
    const report = JSON.parse(run.stdout) as { verdict: string; error: { code: string } };
    expect(report.verdict).toBe('FAILED');
    expect(report.error.code).toBe('ErrorMismatchVerifiedLevels');
  });

  it('fails on a key id mismatch and needs --verifier-id (exit 2)', async () => {
    const files = writeVsa('ed25519', vsaStatement());
    const mismatch = await runCli([...args(files).map((a) => (a === 'test-key' ? 'other-key' : a)), '--format', 'json']);
    expect(mismatch.status).toBe(1);
    expect((JSON.parse(mismatch.stdout) as { error: { code: string } }).error.code).toBe('ErrorNoValidSignature');
    const noVerifier = await runCli(['verify-vsa', '--attestation-path', files.attestation, '--public-key-path', files.publicKey, '--resource-uri', RESOURCE_URI]);
    expect(noVerifier.status).toBe(2);
  });

  it('a validly signed envelope of another payload type, or a statement of another _type, fails (exit 1, ErrorInvalidDssePayload)', async () => {
    for (const files of [
      writeVsa('ecdsa-p256-der', vsaStatement(), 'test-key', { payloadType: 'application/json' }),
      writeVsa('ecdsa-p256-der', { ...vsaStatement(), _type: 'https://in-toto.io/Statement/v9' }),
    ]) {
      const run = await runCli(args(files, ['--format', 'json']));
      expect(run.status).toBe(1);
      expect((JSON.parse(run.stdout) as { error: { code: string } }).error.code).toBe('ErrorInvalidDssePayload');
      const text = await runCli(args(files));
      expect(text.status).toBe(1);
      expect(text.stderr).toMatch(/^Verifying VSA: FAILED: /);
      expect(text.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('an attestation path that is a directory or missing is a usage error (exit 2), no stack trace', async () => {
    const files = writeVsa('ed25519', vsaStatement());
    for (const attestation of [`${files.attestation}.missing`, '/tmp']) {
      const run = await runCli(args({ ...files, attestation }));
      expect(run.status).toBe(2);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    }
  });
});
