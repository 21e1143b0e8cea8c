import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleFromJSON } from '@sigstore/bundle';
import { describe, expect, it } from 'vitest';
import { fileArtifact, type ArtifactInput } from '../../src/bundle-verify/artifact-input.js';
import { verifySigstoreBundle, type ExpectedSigner } from '../../src/bundle-verify/verify-sigstore-bundle.js';
import { loadTrustRoot, trustRootFromJson } from '../../src/sigstore/trusted-root.js';
import { GENERIC_BUILDER_ID } from '../../src/tools/fixtures/cases.js';
import { toPem } from '../../src/tools/fixtures/der.js';
import { deriveKeyPair } from '../../src/tools/fixtures/keys.js';
import { MESSAGE_SIGNER_IDENTITY, MESSAGE_SIGNER_ISSUER, messageBundleSet } from '../../src/tools/fixtures/message-bundle.js';
import { OIDC_ISSUER } from '../../src/tools/fixtures/provenance.js';
import { codeOf } from '../support/code-of.js';

const FIXTURES = join(import.meta.dirname, '../../fixtures');
const ARTIFACT = Buffer.from('an artifact signed by any Sigstore client\n');
const OTHER = Buffer.from('another artifact\n');
const TEXT_PAYLOAD = Buffer.from('a release note signed as a DSSE payload\n');
const STATEMENT_SHA512 = Buffer.from(JSON.stringify({
  _type: 'https://in-toto.io/Statement/v1',
  subject: [{ name: 'pkg:npm/hello@1.0.0', digest: { sha512: createHash('sha512').update(ARTIFACT).digest('hex') } }],
  predicateType: 'https://github.com/npm/attestation/tree/main/specs/publish/v0.1',
  predicate: {},
}));
const STATEMENT_CONTRADICTORY = Buffer.from(JSON.stringify({
  _type: 'https://in-toto.io/Statement/v1',
  subject: [{ name: 'x', digest: { sha256: createHash('sha256').update(ARTIFACT).digest('hex'), sha512: createHash('sha512').update(OTHER).digest('hex') } }],
  predicateType: 'https://example.test/p',
  predicate: {},
}));
const set = messageBundleSet([ARTIFACT], {
  dssePayloads: [
    { payloadType: 'text/plain', payload: TEXT_PAYLOAD },
    { payloadType: 'application/vnd.in-toto+json', payload: STATEMENT_SHA512 },
    { payloadType: 'application/vnd.in-toto+json', payload: STATEMENT_CONTRADICTORY },
  ],
});
const trust = trustRootFromJson(set.trustedRoot, 'message fixtures');

const file = (bytes: Buffer): ArtifactInput => fileArtifact('artifact', bytes);
const digest = (bytes: Buffer, algorithm: 'sha256' | 'sha512' = 'sha256'): ArtifactInput => ({ kind: 'digest', algorithm, digest: createHash(algorithm).update(bytes).digest() });
const identity = (san = MESSAGE_SIGNER_IDENTITY, issuer = MESSAGE_SIGNER_ISSUER): ExpectedSigner => ({ kind: 'identity', identity: { san, issuer } });
const keySigner: ExpectedSigner = { kind: 'key', pem: toPem('PUBLIC KEY', set.key.spki) };

function verify(json: object, artifact: ArtifactInput, signer: ExpectedSigner, root = trust) {
  return verifySigstoreBundle(bundleFromJSON(json), artifact, signer, root);
}

describe('verifySigstoreBundle: message signatures', () => {
  const bundle = set.certificateBundle(ARTIFACT);

  it('verifies the artifact file and the exact identity', () => {
    const verified = verify(bundle, file(ARTIFACT), identity());
    expect(verified).toMatchObject({ content: 'message-signature', signer: { san: MESSAGE_SIGNER_IDENTITY, issuer: MESSAGE_SIGNER_ISSUER } });
  });

  it('verifies the sha256: digest form', () => {
    expect(codeOf(() => verify(bundle, digest(ARTIFACT), identity()))).toBeUndefined();
  });

  const hostile: [string, () => unknown, string][] = [
    ['another identity', () => verify(bundle, file(ARTIFACT), identity('https://github.com/evil/hello/.github/workflows/sign.yml@refs/heads/main')), 'ErrorMismatchCertificate'],
    ['a prefix of the identity', () => verify(bundle, file(ARTIFACT), identity('https://github.com/slsa-verify-fixtures/hello')), 'ErrorMismatchCertificate'],
    ['a regex-like identity', () => verify(bundle, file(ARTIFACT), identity('.*')), 'ErrorMismatchCertificate'],
    ['another issuer', () => verify(bundle, file(ARTIFACT), identity(MESSAGE_SIGNER_IDENTITY, 'https://accounts.google.com')), 'ErrorInvalidOIDCIssuer'],
    ['a tampered artifact', () => verify(bundle, file(OTHER), identity()), 'ErrorMismatchHash'],
    ['another digest', () => verify(bundle, digest(OTHER), identity()), 'ErrorMismatchHash'],
    ['a digest of the tampered artifact restated in the bundle', () => verify(restated(bundle, OTHER), file(OTHER), identity()), 'ErrorNoValidRekorEntries'],
    ['no log entry', () => verify(withoutTlog(bundle), file(ARTIFACT), identity()), 'ErrorNoValidRekorEntries'],
    ['another trust root', () => verify(bundle, file(ARTIFACT), identity(), loadTrustRoot(join(FIXTURES, 'trusted_root.json'))), 'ErrorInvalidCertificate'],
    ['--key on a certificate bundle', () => verify(bundle, file(ARTIFACT), keySigner), 'ErrorInvalidFormat'],
  ];
  for (const [name, run, code] of hostile) {
    it(`rejects ${name} (${code})`, () => expect(codeOf(run)).toBe(code));
  }
});

describe('verifySigstoreBundle: key-signed bundles', () => {
  const bundle = set.keyBundle(ARTIFACT);

  it('verifies with the key, from the file or the digest', () => {
    expect(verify(bundle, file(ARTIFACT), keySigner).signer).toEqual({ key: expect.stringMatching(/^SHA256:/) as unknown });
    expect(codeOf(() => verify(bundle, digest(ARTIFACT), keySigner))).toBeUndefined();
  });

  it('rejects another key, identity flags, a tampered artifact and a missing log entry', () => {
    const otherKey: ExpectedSigner = { kind: 'key', pem: toPem('PUBLIC KEY', deriveKeyPair('message/other-key', 'P-256').spki) };
    expect(codeOf(() => verify(bundle, file(ARTIFACT), otherKey))).toBe('ErrorInvalidSignature');
    expect(codeOf(() => verify(bundle, digest(ARTIFACT), otherKey))).toBe('ErrorInvalidSignature');
    expect(codeOf(() => verify(bundle, file(ARTIFACT), identity()))).toBe('ErrorInvalidCertificate');
    expect(codeOf(() => verify(bundle, file(OTHER), keySigner))).toBe('ErrorMismatchHash');
    expect(codeOf(() => verify(withoutTlog(bundle), file(ARTIFACT), keySigner))).toBe('ErrorNoValidRekorEntries');
  });
});

describe('verifySigstoreBundle: DSSE bundles', () => {
  const fixtureTrust = loadTrustRoot(join(FIXTURES, 'trusted_root.json'));
  const line = JSON.parse(readFileSync(join(FIXTURES, 'provenance/valid.intoto.jsonl'), 'utf8').split('\n')[0]!) as object;
  const hello = readFileSync(join(FIXTURES, 'artifacts/hello.txt'));

  it('verifies the subject digest and identity', () => {
    expect(verify(line, file(hello), identity(GENERIC_BUILDER_ID, OIDC_ISSUER), fixtureTrust).content).toBe('dsse');
    expect(codeOf(() => verify(line, digest(hello), identity(GENERIC_BUILDER_ID, OIDC_ISSUER), fixtureTrust))).toBeUndefined();
  });

  it('rejects an artifact the statement does not name, and another identity', () => {
    expect(codeOf(() => verify(line, file(OTHER), identity(GENERIC_BUILDER_ID, OIDC_ISSUER), fixtureTrust))).toBe('ErrorMismatchHash');
    expect(codeOf(() => verify(line, file(hello), identity(MESSAGE_SIGNER_IDENTITY, OIDC_ISSUER), fixtureTrust))).toBe('ErrorMismatchCertificate');
  });
});

describe('verifySigstoreBundle: every digest and payload a Sigstore client signs', () => {
  for (const [curve, algorithm] of [['P-384', 'sha384'], ['P-521', 'sha512']] as const) {
    it(`verifies a ${curve} certificate's message signature over ${algorithm}, and refuses a tampered artifact`, () => {
      const bundle = set.certificateBundle(ARTIFACT, curve);
      expect(verify(bundle, file(ARTIFACT), identity()).content).toBe('message-signature');
      expect(codeOf(() => verify(bundle, file(OTHER), identity()))).toBe('ErrorMismatchHash');
      expect(codeOf(() => verify(bundle, file(ARTIFACT), identity('https://github.com/evil/x/.github/workflows/a.yml@refs/heads/main')))).toBe('ErrorMismatchCertificate');
      // A sha256 digest cannot be compared with a sha384/sha512 message digest.
      expect(codeOf(() => verify(bundle, digest(ARTIFACT), identity()))).toBe('ErrorMismatchHash');
    });
  }

  it('verifies a SHA-512 message signature from its sha512: digest alone', () => {
    const bundle = set.certificateBundle(ARTIFACT, 'P-521');
    expect(codeOf(() => verify(bundle, digest(ARTIFACT, 'sha512'), identity()))).toBeUndefined();
    expect(codeOf(() => verify(bundle, digest(OTHER, 'sha512'), identity()))).toBe('ErrorMismatchHash');
  });

  it('a stated digest algorithm that disagrees with the signature fails', () => {
    const bundle = structuredClone(set.certificateBundle(ARTIFACT, 'P-384')) as { messageSignature: { messageDigest: { algorithm: string; digest: string } } };
    bundle.messageSignature.messageDigest = { algorithm: 'SHA2_512', digest: createHash('sha512').update(ARTIFACT).digest('base64') };
    expect(codeOf(() => verify(bundle, file(ARTIFACT), identity()))).toBeDefined();
  });

  it('matches an in-toto statement whose subjects carry only sha512, from the file or a sha512: digest', () => {
    const bundle = set.dsseBundle('application/vnd.in-toto+json', STATEMENT_SHA512);
    expect(verify(bundle, file(ARTIFACT), identity()).content).toBe('dsse');
    expect(codeOf(() => verify(bundle, digest(ARTIFACT, 'sha512'), identity()))).toBeUndefined();
    expect(codeOf(() => verify(bundle, file(OTHER), identity()))).toBe('ErrorMismatchHash');
    // The statement lists no sha256: a sha256 digest names nothing in it.
    expect(codeOf(() => verify(bundle, digest(ARTIFACT), identity()))).toBe('ErrorMismatchHash');
  });

  it('a subject whose sha256 matches but whose sha512 does not is no match', () => {
    const bundle = set.dsseBundle('application/vnd.in-toto+json', STATEMENT_CONTRADICTORY);
    expect(codeOf(() => verify(bundle, file(ARTIFACT), identity()))).toBe('ErrorMismatchHash');
  });

  it('a DSSE payload that is not an in-toto statement is itself the artifact', () => {
    const bundle = set.dsseBundle('text/plain', TEXT_PAYLOAD);
    expect(verify(bundle, file(TEXT_PAYLOAD), identity()).content).toBe('dsse');
    expect(codeOf(() => verify(bundle, digest(TEXT_PAYLOAD), identity()))).toBeUndefined();
    expect(codeOf(() => verify(bundle, digest(TEXT_PAYLOAD, 'sha512'), identity()))).toBeUndefined();
    expect(codeOf(() => verify(bundle, file(Buffer.concat([TEXT_PAYLOAD, Buffer.from('x')])), identity()))).toBe('ErrorMismatchHash');
    expect(codeOf(() => verify(bundle, file(TEXT_PAYLOAD), identity('https://github.com/evil/x/.github/workflows/a.yml@refs/heads/main')))).toBe('ErrorMismatchCertificate');
  });

  it('several timestamps: passes when all fall inside the certificate validity, fails when one does not (as sigstore-go, -js, -python)', () => {
    expect(verify(set.twoTimestampBundle(ARTIFACT, 'inside'), file(ARTIFACT), identity()).content).toBe('message-signature');
    expect(codeOf(() => verify(set.twoTimestampBundle(ARTIFACT, 'outside'), file(ARTIFACT), identity()))).toBe('ErrorInvalidCertificate');
  });
});

function withoutTlog(bundle: object): object {
  const copy = structuredClone(bundle) as { verificationMaterial: { tlogEntries: unknown[] } };
  copy.verificationMaterial.tlogEntries = [];
  return copy;
}

function restated(bundle: object, artifact: Buffer): object {
  const copy = structuredClone(bundle) as { messageSignature: { messageDigest: { digest: string } } };
  copy.messageSignature.messageDigest.digest = createHash('sha256').update(artifact).digest('base64');
  return copy;
}
