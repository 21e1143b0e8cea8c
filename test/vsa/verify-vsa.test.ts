import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runVerifyVsa as verifyVsa, type VerifyVsaRequest } from '../../src/commands/verify-vsa.js';
import { DIGEST, RESOURCE_URI, VERIFIER_ID, vsaStatement, writeVsa, type KeyKind, type VsaFiles } from './vsa-fixture.js';

function request(files: VsaFiles, overrides: Partial<VerifyVsaRequest['policy']> = {}, publicKeyId: string | undefined = 'test-key'): VerifyVsaRequest {
  return {
    attestationPath: files.attestation,
    publicKeyPath: files.publicKey,
    publicKeyId,
    policy: { subjectDigests: [DIGEST], verifierId: VERIFIER_ID, resourceUri: RESOURCE_URI, verifiedLevels: ['SLSA_BUILD_LEVEL_2'], ...overrides },
    printAttestation: false,
  };
}

async function codeOf(req: VerifyVsaRequest): Promise<string | undefined> {
  return (await verifyVsa(req)).error?.code;
}

describe('verifyVsa', () => {
  it.each<KeyKind>(['ecdsa-p256-der', 'ecdsa-p256-raw', 'ecdsa-p384-der', 'rsa', 'ed25519'])('passes a VSA signed with %s', async (kind) => {
    const report = await verifyVsa(request(writeVsa(kind, vsaStatement())));
    expect(report.error).toBeUndefined();
    expect(report.steps.every((s) => s.status === 'pass')).toBe(true);
  });

  it('fails when the signature names another key id, or the envelope was signed by another key', async () => {
    const files = writeVsa('ecdsa-p256-der', vsaStatement());
    expect(await codeOf(request(files, {}, 'other-key'))).toBe('ErrorNoValidSignature');
    // Without --public-key-id the key's SSH fingerprint is the id: "test-key" does not match it.
    expect(await codeOf(request(files, {}, ''))).toBe('ErrorNoValidSignature');
    const other = writeVsa('rsa', vsaStatement());
    expect(await codeOf({ ...request(files), publicKeyPath: other.publicKey })).toBe('ErrorNoValidSignature');
  });

  it('accepts a signature without key id under the fingerprint default', async () => {
    const files = writeVsa('ed25519', vsaStatement(), '');
    expect(await codeOf(request(files, {}, ''))).toBeUndefined();
  });

  it('fails on a tampered payload', async () => {
    const files = writeVsa('ecdsa-p256-der', vsaStatement());
    const envelope = JSON.parse(await import('node:fs').then((fs) => fs.readFileSync(files.attestation, 'utf8'))) as { payload: string };
    envelope.payload = Buffer.from(JSON.stringify(vsaStatement((p) => (p['verifiedLevels'] = ['SLSA_BUILD_LEVEL_4'])))).toString('base64');
    writeFileSync(files.attestation, JSON.stringify(envelope));
    expect(await codeOf(request(files))).toBe('ErrorNoValidSignature');
  });

  it('fails with each expected-value error code', async () => {
    const files = writeVsa('ecdsa-p256-der', vsaStatement());
    expect(await codeOf(request(files, { verifierId: `${VERIFIER_ID}2` }))).toBe('ErrorMismatchVerifierID');
    expect(await codeOf(request(files, { resourceUri: `${RESOURCE_URI}x` }))).toBe('ErrorMismatchResourceURI');
    expect(await codeOf(request(files, { subjectDigests: ['sha256:00'] }))).toBe('ErrorMissingSubjectDigest');
    expect(await codeOf(request(files, { subjectDigests: [] }))).toBe('ErrorEmptyRequiredField');
    expect(await codeOf(request(files, { subjectDigests: ['nodigest'] }))).toBe('ErrorInvalidDssePayload');
    expect(await codeOf(request(files, { verifiedLevels: ['SLSA_BUILD_LEVEL_4'] }))).toBe('ErrorMismatchVerifiedLevels');
    expect(await codeOf(request(files, { verifiedLevels: ['SLSA_SOURCE_LEVEL_1'] }))).toBe('ErrorMismatchVerifiedLevels');
    expect(await codeOf(request(files, { verifiedLevels: ['FEDRAMP_HIGH'] }))).toBe('ErrorMismatchVerifiedLevels');
    expect(await codeOf(request(files, { verifiedLevels: ['SLSA_BUILD_LEVELS_2'] }))).toBe('ErrorInvalidSLSALevel');
    expect(await codeOf(request(files, { verifiedLevels: ['SLSA_BUILD_LEVEL_1', 'FEDRAMP_LOW'] }))).toBeUndefined();
  });

  it('fails a VSA whose result is not PASSED, or that is not a VSA', async () => {
    const failed = writeVsa('ecdsa-p256-der', vsaStatement((p) => (p['verificationResult'] = 'FAILED')));
    expect(await codeOf(request(failed))).toBe('ErrorInvalidVerificationResult');
    const provenance = writeVsa('ecdsa-p256-der', { ...vsaStatement(), predicateType: 'https://slsa.dev/provenance/v1' });
    expect(await codeOf(request(provenance))).toBe('ErrorInvalidDssePayload');
    const badTime = writeVsa('ecdsa-p256-der', vsaStatement((p) => (p['timeVerified'] = 'yesterday')));
    expect(await codeOf(request(badTime))).toBe('ErrorInvalidDssePayload');
  });

  it('rejects an unusable public key and an unreadable file', async () => {
    const files = writeVsa('ecdsa-p256-der', vsaStatement());
    writeFileSync(files.publicKey, '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n');
    expect(await codeOf(request(files))).toBe('ErrorInvalidPublicKey');
    const fresh = writeVsa('ecdsa-p256-der', vsaStatement());
    const missing = await verifyVsa({ ...request(fresh), attestationPath: `${fresh.attestation}.missing` });
    expect(missing.error?.isUsage).toBe(true);
  });
});
