import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleFromJSON } from '@sigstore/bundle';
import { describe, expect, it } from 'vitest';
import type { ArtifactInput } from '../../src/bundle-verify/artifact-input.js';
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
const set = messageBundleSet([ARTIFACT]);
const trust = trustRootFromJson(set.trustedRoot, 'message fixtures');

const file = (bytes: Buffer): ArtifactInput => ({ kind: 'file', path: 'artifact', bytes, sha256: createHash('sha256').update(bytes).digest() });
const digest = (bytes: Buffer): ArtifactInput => ({ kind: 'digest', sha256: createHash('sha256').update(bytes).digest() });
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
