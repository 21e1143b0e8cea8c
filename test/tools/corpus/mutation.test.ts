import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UNAUTHENTICATED_HINTS } from '../../../src/tools/corpus/mutation-hints.js';
import { runMutationCases, summaryLine, type EvidenceCase, type MutationSummary } from '../../../src/tools/corpus/mutation-test.js';
import { MANIFEST_CASES } from '../../../src/tools/fixtures/cases.js';
import { MESSAGE_SIGNER_IDENTITY, MESSAGE_SIGNER_ISSUER, messageBundleSet } from '../../../src/tools/fixtures/message-bundle.js';
import { REPO } from '../../cli/run-cli.js';
import { npmArgs, writeNpmFixture } from '../../npm/fixture-files.js';
import { pypiArgs, writePypiFixture } from '../../pypi/fixture-files.js';

/**
 * The mutation test over the project's own signed evidence (the corpus runner
 * does the same over slsa-verifier's: `npm run corpus -- DIR --mutants`).
 * Every string and number leaf of each passing bundle is changed in turn,
 * every member removed and retyped, and each mutant is run through the CLI's
 * entry point in this process: it must fail with exit 1 and a clean message,
 * unless UNAUTHENTICATED_HINTS (src/tools/corpus/mutation-hints.ts) lists the
 * field with its reason. Long values are sampled at a few evenly spaced
 * positions to keep this part of `npm test` short; every leaf path is still
 * changed at least once.
 */

const scratchDir = mkdtempSync(join(tmpdir(), 'slsa-verify-mutation-'));
afterAll(() => rmSync(scratchDir, { recursive: true, force: true }));

const inRepo = (args: readonly string[]): string[] => args.map((a) => (a.startsWith('fixtures/') ? join(REPO, a) : a));

function manifestCase(name: string, mutation: EvidenceCase['mutation'] = {}): EvidenceCase {
  const found = MANIFEST_CASES.find((c) => c.name === name);
  if (!found) throw new Error(`no manifest case ${name}`);
  return { id: name, args: inRepo(found.args), evidenceFlag: '--provenance-path', mutation };
}

function verifyBundleCases(): EvidenceCase[] {
  const artifact = Buffer.from('hello, mutants\n');
  const set = messageBundleSet([artifact]);
  const write = (name: string, content: string | Buffer): string => {
    writeFileSync(join(scratchDir, name), content);
    return join(scratchDir, name);
  };
  const common = ['--trusted-root', write('message-root.json', JSON.stringify(set.trustedRoot)), write('message-artifact', artifact)];
  const keyPem = `-----BEGIN PUBLIC KEY-----\n${set.key.spki.toString('base64')}\n-----END PUBLIC KEY-----\n`;
  return [
    {
      id: 'verify-bundle (certificate)', evidenceFlag: '--bundle', mutation: { positions: 0 },
      args: ['verify-bundle', '--bundle', write('cert-bundle.json', JSON.stringify(set.certificateBundle(artifact))),
        '--certificate-identity', MESSAGE_SIGNER_IDENTITY, '--certificate-oidc-issuer', MESSAGE_SIGNER_ISSUER, ...common],
    },
    {
      id: 'verify-bundle (key)', evidenceFlag: '--bundle', mutation: { positions: 0 },
      args: ['verify-bundle', '--bundle', write('key-bundle.json', JSON.stringify(set.keyBundle(artifact))), '--key', write('key.pem', keyPem), ...common],
    },
  ];
}

const npm = writeNpmFixture();
const pypi = writePypiFixture();
const CASES: EvidenceCase[] = [
  // One bundle of each format at more positions, the rest once per leaf path.
  manifestCase('valid-main', { positions: 2 }),
  manifestCase('bundle-v0.2', { positions: 1 }),
  manifestCase('bundle-v0.1', { positions: 1 }),
  manifestCase('multi-line-both', { positions: 0, structural: false }),
  { id: 'verify-npm-package', args: npmArgs(npm), evidenceFlag: '--attestations-path', mutation: { positions: 0 } },
  { id: 'verify-pypi', args: pypiArgs(pypi, pypi.wheel), evidenceFlag: '--provenance', mutation: { positions: 0 } },
  ...verifyBundleCases(),
];

describe('mutation test over the fixtures', () => {
  let summary: MutationSummary;

  it('every mutant of every passing evidence file fails with exit 1 and a clean message', async () => {
    const started = Date.now();
    summary = await runMutationCases(CASES, { positions: 2, structural: true, hints: UNAUTHENTICATED_HINTS, scratchDir });
    console.log(`${summaryLine(summary)} in ${((Date.now() - started) / 1000).toFixed(1)} s; codes ${JSON.stringify(Object.fromEntries(summary.codes))}`);
    expect(summary.brokenBaselines).toEqual([]);
    expect(summary.accepted.map((a) => `${a.caseId}: ${a.path} (${a.kind}, ${a.detail})`)).toEqual([]);
    expect(summary.badFailures.map((a) => `${a.caseId}: ${a.path} (${a.kind}, ${a.detail}): ${a.problem}`)).toEqual([]);
    expect(summary.cases).toBe(CASES.length);
  }, 600_000);

  it('reached the fields that must be authenticated', () => {
    const paths = new Set([...summary.paths.values()].flatMap((s) => [...s]));
    for (const path of [
      'dsseEnvelope.payload', 'dsseEnvelope.payloadType', 'dsseEnvelope.signatures.0.sig', 'mediaType',
      'verificationMaterial.certificate.rawBytes', 'verificationMaterial.x509CertificateChain.certificates.1.rawBytes',
      'verificationMaterial.tlogEntries.0.canonicalizedBody', 'verificationMaterial.tlogEntries.0.inclusionPromise.signedEntryTimestamp',
      'verificationMaterial.tlogEntries.0.inclusionProof.rootHash', 'verificationMaterial.tlogEntries.0.inclusionProof.treeSize',
      'verificationMaterial.tlogEntries.0.inclusionProof.checkpoint.envelope', 'verificationMaterial.tlogEntries.0.inclusionProof.hashes.0',
      'verificationMaterial.tlogEntries.0.integratedTime', 'verificationMaterial.tlogEntries.0.logIndex',
      'verificationMaterial.tlogEntries.0.kindVersion.kind', 'verificationMaterial.tlogEntries.0.kindVersion.version',
      'verificationMaterial.tlogEntries.0.logId.keyId', 'messageSignature.signature', 'verificationMaterial.publicKey.hint',
    ]) {
      expect(paths, path).toContain(path);
    }
  });

  it('lists each documented hint with its reason', () => {
    for (const hint of UNAUTHENTICATED_HINTS) expect(hint.reason.length).toBeGreaterThan(20);
    expect(UNAUTHENTICATED_HINTS.length).toBeLessThan(10);
  });
});
