import { describe, expect, it } from 'vitest';
import { verifyVsa, type VerifyVsaRequest } from '../../src/commands/verify-vsa.js';
import { DIGEST, RESOURCE_URI, VERIFIER_ID, vsaStatement, writeVsa, type EnvelopeOptions, type VsaFiles } from './vsa-fixture.js';

// Validly signed VSAs that must still fail: the signature covers whatever the
// signer chose, so the envelope and statement types are checked as slsa-verifier does.

function request(files: VsaFiles): VerifyVsaRequest {
  return {
    attestationPath: files.attestation,
    publicKeyPath: files.publicKey,
    publicKeyId: 'test-key',
    policy: { subjectDigests: [DIGEST], verifierId: VERIFIER_ID, resourceUri: RESOURCE_URI, verifiedLevels: ['SLSA_BUILD_LEVEL_2'] },
    printAttestation: false,
  };
}

async function codeOf(statement: Record<string, unknown>, options: EnvelopeOptions = {}): Promise<string | undefined> {
  return (await verifyVsa(request(writeVsa('ecdsa-p256-der', statement, 'test-key', options)))).error?.code;
}

const withType = (type: unknown): Record<string, unknown> => ({ ...vsaStatement(), _type: type });

describe('verify-vsa on hostile, validly signed envelopes', () => {
  it('passes the in-toto Statement v1 and v0.1', async () => {
    expect(await codeOf(vsaStatement())).toBeUndefined();
    expect(await codeOf(withType('https://in-toto.io/Statement/v0.1'))).toBeUndefined();
  });

  it.each([
    ['application/json'],
    [''],
    ['application/vnd.in-toto+json; charset=utf-8'],
    ['APPLICATION/VND.IN-TOTO+JSON'],
    ['application/vnd.dev.sigstore.bundle+json'],
  ])('refuses the payload type %j (ErrorInvalidDssePayload)', async (payloadType) => {
    expect(await codeOf(vsaStatement(), { payloadType })).toBe('ErrorInvalidDssePayload');
  });

  it('the payload type is checked before any signature (slsa-verifier order)', async () => {
    const report = await verifyVsa(request(writeVsa('ed25519', vsaStatement(), 'test-key', { payloadType: 'text/plain', signatures: () => [] })));
    expect(report.error?.code).toBe('ErrorInvalidDssePayload');
  });

  it.each([
    ['https://in-toto.io/Statement/v2'],
    ['https://in-toto.io/statement/v1'],
    ['https://in-toto.io/Statement/v1/'],
    ['http://in-toto.io/Statement/v1'],
    [''],
    [null],
  ])('refuses the statement _type %j (ErrorInvalidDssePayload)', async (type) => {
    expect(await codeOf(withType(type))).toBe('ErrorInvalidDssePayload');
  });

  it('refuses a statement without _type', async () => {
    const statement = vsaStatement();
    delete statement['_type'];
    expect(await codeOf(statement)).toBe('ErrorInvalidDssePayload');
  });

  it('refuses a _type that is not a string', async () => {
    expect(await codeOf(withType(1))).toBe('ErrorInvalidDssePayload');
    expect(await codeOf(withType(['https://in-toto.io/Statement/v1']))).toBe('ErrorInvalidDssePayload');
  });

  it.each([
    ['https://slsa.dev/verification_summary/v0.2'],
    ['https://slsa.dev/verification_summary/v1/'],
    ['https://slsa.dev/verification_summary/v1.1'],
    ['HTTPS://SLSA.DEV/verification_summary/v1'],
    ['https://in-toto.io/attestation/verification_summary/v1'],
    ['https://slsa.dev/provenance/v1'],
  ])('refuses the predicate type %j (ErrorInvalidDssePayload)', async (predicateType) => {
    expect(await codeOf({ ...vsaStatement(), predicateType })).toBe('ErrorInvalidDssePayload');
  });

  it('refuses a second spelling of a field Go would bind (it may overwrite the first in Go)', async () => {
    expect(await codeOf({ ...vsaStatement(), PREDICATETYPE: 'https://slsa.dev/provenance/v1' })).toBe('ErrorInvalidDssePayload');
    const noType = vsaStatement();
    delete noType['_type'];
    expect(await codeOf({ ...noType, _TYPE: 'https://in-toto.io/Statement/v1' })).toBe('ErrorInvalidDssePayload');
    expect(await codeOf(vsaStatement((p) => (p['VerificationResult'] = 'FAILED')))).toBe('ErrorInvalidDssePayload');
    expect(await codeOf(vsaStatement((p) => (p['verifier'] = { id: VERIFIER_ID, ID: 'https://evil.example' })))).toBe('ErrorInvalidDssePayload');
    const statement = { ...vsaStatement(), subject: [{ name: 'x', digest: { sha256: DIGEST.slice(7) }, Digest: { sha256: '0'.repeat(64) } }] };
    expect(await codeOf(statement)).toBe('ErrorInvalidDssePayload');
    expect(await codeOf(vsaStatement(), { editEnvelope: (e) => (e['PayloadType'] = 'text/plain') })).toBe('ErrorInvalidDssePayload');
    // KELVIN SIGN folds to "k" in Go: "\u212aeyid" is a second "keyid".
    expect(await codeOf(vsaStatement(), { signatures: (v) => [{ ...v, '\u212aeyid': 'other' }] })).toBe('ErrorInvalidDssePayload');
  });

  it('several signatures: one valid one is enough; invalid ones around it do not matter', async () => {
    const junk = { keyid: 'test-key', sig: Buffer.alloc(64, 7).toString('base64') };
    expect(await codeOf(vsaStatement(), { signatures: (v) => [junk, v] })).toBeUndefined();
    expect(await codeOf(vsaStatement(), { signatures: (v) => [v, junk, { keyid: 'test-key', sig: '***' }] })).toBeUndefined();
    expect(await codeOf(vsaStatement(), { signatures: (v) => [v, v] })).toBeUndefined();
  });

  it('several signatures, none valid for the key id asked: ErrorNoValidSignature', async () => {
    const junk = { keyid: 'test-key', sig: Buffer.alloc(64, 7).toString('base64') };
    expect(await codeOf(vsaStatement(), { signatures: (v) => [junk, junk] })).toBe('ErrorNoValidSignature');
    // The valid signature names another key: it is not tried.
    expect(await codeOf(vsaStatement(), { signatures: (v) => [{ ...v, keyid: 'other-key' }, junk] })).toBe('ErrorNoValidSignature');
  });

  it.each([
    ['an empty list', () => []],
    ['null', () => null],
  ])('zero signatures (%s): ErrorNoValidSignature', async (_name, signatures) => {
    expect(await codeOf(vsaStatement(), { signatures })).toBe('ErrorNoValidSignature');
  });

  it('zero signatures (field absent): ErrorNoValidSignature', async () => {
    expect(await codeOf(vsaStatement(), { editEnvelope: (e) => delete e['signatures'] })).toBe('ErrorNoValidSignature');
  });

  it('a signature list of the wrong shape is not an envelope', async () => {
    expect(await codeOf(vsaStatement(), { signatures: () => 'sig' })).toBe('ErrorInvalidDssePayload');
    expect(await codeOf(vsaStatement(), { signatures: (v) => [{ ...v, sig: 5 }] })).toBe('ErrorInvalidDssePayload');
  });

  it('a payload in URL-safe or unpadded base64 verifies as DSSE but is not a statement slsa-verifier reads', async () => {
    // A statement whose standard base64 has "+" or "/" and padding.
    let statement = vsaStatement();
    for (let i = 0; !/[+/]/.test(Buffer.from(JSON.stringify(statement)).toString('base64')) || Buffer.from(JSON.stringify(statement)).length % 3 === 0; i++) {
      statement = { ...vsaStatement(), pad: '?>'.repeat(i + 1) + '~'.repeat(i % 3) };
    }
    expect(await codeOf(statement)).toBeUndefined();
    expect(await codeOf(statement, { encodePayload: (b) => b.toString('base64url') })).toBe('ErrorInvalidDssePayload');
    expect(await codeOf(statement, { encodePayload: (b) => b.toString('base64').replace(/=+$/, '') })).toBe('ErrorInvalidDssePayload');
  });

  it('an empty, non-JSON or non-object payload fails', async () => {
    expect(await codeOf(vsaStatement(), { payload: Buffer.alloc(0) })).toBe('ErrorInvalidFormat');
    expect(await codeOf(vsaStatement(), { payload: Buffer.from('not json') })).toBe('ErrorInvalidDssePayload');
    expect(await codeOf(vsaStatement(), { payload: Buffer.from('[]') })).toBe('ErrorInvalidDssePayload');
    expect(await codeOf(vsaStatement(), { payload: Buffer.from('null') })).toBe('ErrorInvalidDssePayload');
    expect(await codeOf(vsaStatement(), { payload: Buffer.from(`${'['.repeat(100_000)}${']'.repeat(100_000)}`) })).toBe('ErrorInvalidDssePayload');
  });

  it('subjects the signer lists do not widen the match: a digest must be attested as given', async () => {
    const statement = { ...vsaStatement(), subject: [{ name: 'x', digest: { SHA256: DIGEST.slice(7) } }, { name: 'y', digest: { sha256: DIGEST.slice(7).toUpperCase() } }] };
    expect(await codeOf(statement)).toBe('ErrorMissingSubjectDigest');
  });
});
