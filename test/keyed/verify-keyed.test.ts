import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hashArtifacts } from '../../src/artifacts/hash-artifacts.js';
import { verifyKeyedProvenance, type KeyedReport } from '../../src/keyed/verify-keyed.js';
import { artifactDigest } from '../../src/tools/fixtures/artifacts.js';
import { EVIL, HELLO_SOURCE } from '../../src/tools/fixtures/cases.js';
import { keyedRun, keySignedBundle, keySignedEnvelope, signingKey, type KeyKind, type SigningKey } from '../../src/tools/fixtures/keyed.js';
import { delegatorStatement, genericStatement } from '../../src/tools/fixtures/provenance.js';

const FIXTURES = join(import.meta.dirname, '../../fixtures');
const HELLO_TXT = join(FIXTURES, 'artifacts/hello.txt');
const BUILDER = 'https://builder.example.com/custom-builder@v1.0.0';
const dir = mkdtempSync(join(tmpdir(), 'keyed-'));
let n = 0;

function write(content: string): string {
  const path = join(dir, `f${n++}`);
  writeFileSync(path, content);
  return path;
}

const subjects = [{ name: 'hello.txt', digest: { sha256: artifactDigest('hello.txt') } }];
const statement = genericStatement(keyedRun(), subjects, BUILDER);

async function verify(
  lines: object[],
  key: SigningKey,
  options: { keyId?: string; builderId?: string; sourceUri?: string; sourceBranch?: string; artifact?: string } = {},
): Promise<KeyedReport> {
  const artifact = options.artifact ?? HELLO_TXT;
  return verifyKeyedProvenance({
    artifacts: [artifact],
    provenancePath: write(lines.map((l) => JSON.stringify(l)).join('\n')),
    publicKeyPath: write(key.publicPem),
    publicKeyId: options.keyId,
    policy: {
      sourceUri: options.sourceUri ?? HELLO_SOURCE,
      builderId: options.builderId ?? BUILDER,
      ...(options.sourceBranch === undefined ? {} : { sourceBranch: options.sourceBranch }),
    },
    hashing: hashArtifacts([artifact], ['sha256']),
  });
}

function codeOfReport(report: KeyedReport): string | undefined {
  return report.error?.code ?? report.verdicts.find((v) => !v.ok)?.error?.code;
}

describe('verifyKeyedProvenance', () => {
  const kinds: KeyKind[] = ['ecdsa-p256', 'ecdsa-p256-raw', 'ecdsa-p384', 'rsa-pkcs1', 'rsa-pss', 'ed25519'];
  for (const kind of kinds) {
    it(`verifies a bare envelope signed with ${kind}`, async () => {
      const key = signingKey(kind);
      const report = await verify([keySignedEnvelope(statement, [{ key }])], key);
      expect(codeOfReport(report)).toBeUndefined();
      expect(report.verdicts[0]?.checks?.builderId).toBe(BUILDER);
      expect(report.verdicts[0]?.checks?.commit).toMatch(/^[0-9a-f]{40}$/);
      expect(report.key).toMatch(/^SHA256:/);
    });
  }

  const key = signingKey('ecdsa-p256');
  const other = signingKey('ecdsa-p256');

  it('verifies SLSA v1 (BYOB layout) provenance and a key-signed bundle', async () => {
    const v1 = delegatorStatement(keyedRun(), subjects, BUILDER, {}, 'https://in-toto.io/Statement/v1');
    expect(codeOfReport(await verify([keySignedEnvelope(v1, [{ key }])], key))).toBeUndefined();
    expect(codeOfReport(await verify([keySignedBundle(keySignedEnvelope(statement, [{ key }]), 'hint')], key))).toBeUndefined();
  });

  it('tries only the signature naming --public-key-id', async () => {
    const envelope = keySignedEnvelope(statement, [{ key: other, keyid: 'a' }, { key, keyid: 'b' }]);
    expect(codeOfReport(await verify([envelope], key, { keyId: 'b' }))).toBeUndefined();
    expect(codeOfReport(await verify([envelope], key, { keyId: 'a' }))).toBe('ErrorNoValidSignature');
    expect(codeOfReport(await verify([envelope], key, { keyId: 'c' }))).toBe('ErrorNoValidSignature');
    // An unnamed signature is not "the one naming b".
    expect(codeOfReport(await verify([keySignedEnvelope(statement, [{ key }])], key, { keyId: 'b' }))).toBe('ErrorNoValidSignature');
  });

  const hostile: [string, () => Promise<KeyedReport>, string][] = [
    ['signed by another key', () => verify([keySignedEnvelope(statement, [{ key: other }])], key), 'ErrorNoValidSignature'],
    [
      'a tampered payload',
      () => verify([keySignedEnvelope(statement, [{ key }], (p) => Buffer.from(p.toString().replace('refs/heads/main', 'refs/heads/evil')))], key),
      'ErrorNoValidSignature',
    ],
    ['another builder id', () => verify([keySignedEnvelope(statement, [{ key }])], key, { builderId: 'https://builder.example.com/custom-builder' }), 'ErrorMismatchBuilderID'],
    ['another source', () => verify([keySignedEnvelope(genericStatement({ ...keyedRun(), repository: EVIL }, subjects, BUILDER), [{ key }])], key), 'ErrorMismatchSource'],
    ['another branch', () => verify([keySignedEnvelope(statement, [{ key }])], key, { sourceBranch: 'main2' }), 'ErrorMismatchBranch'],
    ['another artifact', () => verify([keySignedEnvelope(statement, [{ key }])], key, { artifact: join(FIXTURES, 'artifacts/hello-v01.txt') }), 'ErrorMismatchHash'],
    // An unknown buildType is a custom builder's: only the generic fields are read, and a missing source fails.
    [
      'an unknown buildType without invocation.configSource',
      () => verify([keySignedEnvelope({ ...statement, predicate: { ...(statement['predicate'] as { invocation: object }), buildType: 'https://x/y', invocation: {} } }, [{ key }])], key),
      'ErrorMismatchSource',
    ],
  ];
  for (const [name, run, code] of hostile) {
    it(`rejects provenance with ${name} (${code})`, async () => {
      expect(codeOfReport(await run())).toBe(code);
    });
  }

  it('refuses a certificate-signed bundle under --public-key', async () => {
    const report = await verifyKeyedProvenance({
      artifacts: [HELLO_TXT],
      provenancePath: join(FIXTURES, 'provenance/valid.intoto.jsonl'),
      publicKeyPath: write(key.publicPem),
      publicKeyId: undefined,
      policy: { sourceUri: HELLO_SOURCE, builderId: BUILDER },
      hashing: hashArtifacts([HELLO_TXT], ['sha256']),
    });
    expect(codeOfReport(report)).toBe('ErrorInvalidFormat');
  });
});
