import { createHash, generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { X509Certificate } from '@sigstore/core';
import { initializeTSA } from '@sigstore/mock';
import { describe, expect, it } from 'vitest';
import { registryKeysFromJson } from '../../src/npm/registry-keys.js';
import { loadTrustRoot, trustRootFromJson } from '../../src/sigstore/trusted-root.js';
import { verifyProvenanceBundle } from '../../src/sigstore/verify-bundle.js';
import { createCTLog } from '../../src/tools/fixtures/ctlog.js';
import { deriveKeyPair } from '../../src/tools/fixtures/keys.js';
import { createCertificateAuthority, issueLeaf } from '../../src/tools/fixtures/pki.js';
import { fulcioExtensions, GITHUB } from '../../src/tools/fixtures/provenance.js';
import { bundleV03, certificatePem, envelopeJson, signEnvelope } from '../../src/tools/fixtures/signing.js';
import { dsseEntryBody, TransparencyLog } from '../../src/tools/fixtures/tlog.js';
import { trustedRoot as fixtureTrustedRoot } from '../../src/tools/fixtures/trusted-root.js';
import { GENERIC, HELLO } from '../../src/tools/fixtures/cases.js';
import { runCli } from '../cli/run-cli.js';
import { codeOf } from '../support/code-of.js';
import { hostileEvidence } from './hostile-evidence.js';

/**
 * Item 12: a trusted-root key or CA without a validity start is a malformed
 * root (exit 2 at load), and a validity `end` is inclusive, for each kind of
 * authority: certificate authorities (the log's integrated time), the
 * transparency log (the signed entry timestamp's time), CT logs (the SCT's
 * time) and timestamp authorities (the RFC 3161 time).
 */

type Root = Record<string, unknown> & {
  tlogs: { publicKey: { validFor?: { start?: string; end?: string } } }[];
  ctlogs: { publicKey: { validFor?: { start?: string; end?: string } } }[];
  certificateAuthorities: { validFor?: { start?: string; end?: string } }[];
  timestampAuthorities: { certChain: { certificates: { rawBytes: string }[] }; validFor?: { start?: string; end?: string } }[];
};

const evidence = hostileEvidence();
const bundle = evidence.bundle('hostile-valid-v03');
const rootJson = (): Root => structuredClone(evidence.trustedRoot) as Root;
const iso = (ms: number): string => new Date(ms).toISOString();

const integratedMs = Number(bundle.verificationMaterial.tlogEntries[0]!.integratedTime) * 1000;
const sctMs = X509Certificate.parse(Buffer.from(bundle.verificationMaterial.certificate!.rawBytes, 'base64')).extSCT!
  .signedCertificateTimestamps[0]!.datetime.getTime();

function verifyWith(root: Root, evidenceBundle: unknown = bundle): string | undefined {
  return codeOf(() => verifyProvenanceBundle(evidenceBundle, trustRootFromJson(root, 'test root')));
}

/** A trusted-root entry's validity window, wherever the kind keeps it. */
const windows: [string, (r: Root) => { start?: string; end?: string }][] = [
  ['certificate authority', (r) => (r.certificateAuthorities[0]!.validFor ??= {})],
  ['transparency log', (r) => (r.tlogs[0]!.publicKey.validFor ??= {})],
  ['CT log', (r) => (r.ctlogs[0]!.publicKey.validFor ??= {})],
];

describe('a validity start is required', () => {
  it.each(windows)('%s without validFor.start: ErrorInvalidTrustedRoot at load', (_kind, window) => {
    const root = rootJson();
    delete window(root).start;
    expect(codeOf(() => trustRootFromJson(root, 'test root'))).toBe('ErrorInvalidTrustedRoot');
  });

  it('a transparency log key without any validFor, an unreadable start, or an end before the start: ErrorInvalidTrustedRoot', () => {
    const none = rootJson();
    delete none.tlogs[0]!.publicKey.validFor;
    const garbage = rootJson();
    garbage.tlogs[0]!.publicKey.validFor!.start = 'yesterday';
    const reversed = rootJson();
    reversed.certificateAuthorities[0]!.validFor = { start: '2030-01-01T00:00:00Z', end: '2029-01-01T00:00:00Z' };
    for (const root of [none, garbage, reversed]) expect(codeOf(() => trustRootFromJson(root, 'test root'))).toBe('ErrorInvalidTrustedRoot');
  });

  it('a timestamp authority without validFor.start: ErrorInvalidTrustedRoot at load', async () => {
    const root = rootJson();
    const tsa = await initializeTSA(generateKeyPairSync('ec', { namedCurve: 'P-256' }));
    root.timestampAuthorities = [{ certChain: { certificates: [tsa.intCertificate, tsa.rootCertificate].map((c) => ({ rawBytes: Buffer.from(c.buffer, c.byteOffset, c.byteLength).toString('base64') })) }, validFor: {} }];
    expect(codeOf(() => trustRootFromJson(root, 'test root'))).toBe('ErrorInvalidTrustedRoot');
  });

  it('the CLI refuses such a root with exit 2 (could not run as asked)', async () => {
    const root = rootJson();
    delete root.tlogs[0]!.publicKey.validFor!.start;
    const path = join(evidence.dir, 'root-without-start.json');
    writeFileSync(path, JSON.stringify(root));
    const provenance = evidence.write('valid-v03.intoto.jsonl', bundle);
    const run = await runCli([
      'verify-artifact', 'fixtures/artifacts/hello.txt', '--provenance-path', provenance,
      '--source-uri', 'github.com/slsa-verify-fixtures/hello', '--trusted-root', path, '--format', 'json',
    ]);
    expect(run.status).toBe(2);
    expect((JSON.parse(run.stdout) as { error: { code: string } }).error.code).toBe('ErrorInvalidTrustedRoot');
  });

  it('the embedded public-good root has a start for every key and CA', () => {
    expect(() => loadTrustRoot()).not.toThrow();
  });

  it('the npm registry key list (a trust root too) needs a start for each key', () => {
    const list = (validFor: object | undefined) => ({
      keys: [{ keyId: 'SHA256:k', keyUsage: 'npm:attestations', publicKey: { rawBytes: deriveKeyPair('npm-root-test').spki.toString('base64'), keyDetails: 'PKIX_ECDSA_P256_SHA_256', ...(validFor ? { validFor } : {}) } }],
    });
    expect(codeOf(() => registryKeysFromJson(list({ start: '2025-01-01T00:00:00Z' }), 'keys'))).toBeUndefined();
    expect(codeOf(() => registryKeysFromJson(list({ end: '2030-01-01T00:00:00Z' }), 'keys'))).toBe('ErrorInvalidTrustedRoot');
    expect(codeOf(() => registryKeysFromJson(list(undefined), 'keys'))).toBe('ErrorInvalidTrustedRoot');
    const keys = registryKeysFromJson(list({ start: '2025-01-01T00:00:00Z', end: '2026-01-01T00:00:00Z' }), 'keys').find('SHA256:k')!;
    expect([keys.validFor(new Date('2026-01-01T00:00:00Z')), keys.validFor(new Date('2026-01-01T00:00:01Z'))]).toEqual([true, false]);
  });
});

describe('a validity end is inclusive', () => {
  const atEnd: [string, (r: Root) => { start?: string; end?: string }, number, string][] = [
    ['certificate authority', windows[0]![1], integratedMs, 'ErrorInvalidCertificate'],
    ['transparency log', windows[1]![1], integratedMs, 'ErrorInvalidRekorEntry'],
    ['CT log', windows[2]![1], sctMs, 'ErrorInvalidCertificate'],
  ];
  it.each(atEnd)('%s: signing time exactly at the end passes, one second after fails', (_kind, window, signedAt, code) => {
    const exactly = rootJson();
    window(exactly).end = iso(signedAt);
    expect(verifyWith(exactly)).toBeUndefined();
    const before = rootJson();
    window(before).end = iso(signedAt - 1000);
    expect(verifyWith(before)).toBe(code);
  });

  it('timestamp authority: an RFC 3161 time exactly at the end passes, one second after fails', async () => {
    const signedAt = new Date(Math.floor(Date.now() / 1000) * 1000 + 2000);
    const { bundle: tsaBundle, root } = await tsaTimestampedBundle(signedAt);
    const exactly = structuredClone(root);
    exactly.timestampAuthorities[0]!.validFor = { start: iso(signedAt.getTime() - 3_600_000), end: iso(signedAt.getTime()) };
    expect(verifyWith(exactly, tsaBundle)).toBeUndefined();
    const before = structuredClone(root);
    before.timestampAuthorities[0]!.validFor = { start: iso(signedAt.getTime() - 3_600_000), end: iso(signedAt.getTime() - 1000) };
    expect(verifyWith(before, tsaBundle)).toBe('ErrorNoValidRekorEntries');
  });
});

/**
 * A bundle whose only timestamp is a TSA's: its log entry carries an
 * inclusion proof and no signed entry timestamp (as Rekor v2 writes them),
 * signed now (the mock TSA's certificates start now).
 */
async function tsaTimestampedBundle(signedAt: Date): Promise<{ bundle: object; root: Root }> {
  const ca = createCertificateAuthority({
    label: 'tsa-test-fulcio', organization: 'slsa-verify-fixtures', rootCommonName: 'tsa-test-root',
    intermediateCommonName: 'tsa-test-intermediate', notBefore: new Date('2025-01-01T00:00:00Z'), notAfter: new Date('2035-01-01T00:00:00Z'),
  });
  const ctlog = createCTLog('tsa-test-ctlog', 'https://ctfe.tsa-test.slsa-verify.test/2025');
  const tlog = new TransparencyLog({ label: 'tsa-test-rekor', baseUrl: 'https://rekor.tsa-test.slsa-verify.test', treeId: '7', shardOffset: 0, fillerLeaves: 4 });
  const leafKey = deriveKeyPair('tsa-test-leaf', 'P-256');
  const run = {
    repository: HELLO, event: 'push' as const, ref: 'refs/heads/main', sha: 'a'.repeat(40), beforeSha: 'b'.repeat(40),
    workflowPath: '.github/workflows/release.yml', workflowName: 'Release', runId: '1', runNumber: '1', runAttempt: '1',
    actor: { login: 'fixture-maintainer', id: '1' }, commitTime: new Date(signedAt.getTime() - 60_000),
  };
  const cert = issueLeaf(ca, {
    subjectKey: leafKey,
    san: `${GENERIC.workflow}@${GENERIC.ref}`,
    extensions: fulcioExtensions(run, GENERIC),
    notBefore: new Date(signedAt.getTime() - 60_000),
    notAfter: new Date(signedAt.getTime() + 600_000),
    serial: 0x7541n,
    ctLog: ctlog,
    sctTime: new Date(signedAt.getTime() - 30_000),
  });
  const statement = { _type: 'https://in-toto.io/Statement/v1', subject: [{ name: 'x', digest: { sha256: '0'.repeat(64) } }], predicateType: `${GITHUB}/x`, predicate: {} };
  const envelope = signEnvelope(Buffer.from(JSON.stringify(statement)), leafKey);
  const entry = tlog.append('dsse', '0.0.1', dsseEntryBody(envelopeJson(envelope), envelope.payload, envelope.signature, certificatePem(cert)), Math.floor(signedAt.getTime() / 1000));
  tlog.seal();
  const { inclusionPromise: _none, ...proofOnly } = tlog.toBundleEntry(entry);

  const tsa = await initializeTSA(generateKeyPairSync('ec', { namedCurve: 'P-256' }), signedAt);
  const response = await tsa.timestamp({
    artifactHash: createHash('sha256').update(envelope.signature).digest(),
    hashAlgorithmOID: '2.16.840.1.101.3.4.2.1',
    nonce: 42,
    policyOID: '1.3.6.1.4.1.57264.2',
    certReq: true,
  });
  const b64 = (v: ArrayBufferView): string => Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64');
  const evidenceBundle = bundleV03(envelope, cert, [proofOnly]) as { verificationMaterial: Record<string, unknown> };
  evidenceBundle.verificationMaterial['timestampVerificationData'] = { rfc3161Timestamps: [{ signedTimestamp: b64(response) }] };
  const root = fixtureTrustedRoot({ ca, caUri: 'https://fulcio.tsa-test.slsa-verify.test', tlog, ctlog, validFrom: new Date('2025-01-01T00:00:00Z') }) as Root;
  root.timestampAuthorities = [{ certChain: { certificates: [{ rawBytes: b64(tsa.intCertificate) }, { rawBytes: b64(tsa.rootCertificate) }] } }];
  return { bundle: evidenceBundle, root };
}
