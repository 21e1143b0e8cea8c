import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cosignLayerToBundle } from '../../src/image/cosign-bundle.js';
import { bundleFromEntry } from '../../src/rekor/bundle-from-entry.js';
import { trustRootFromJson } from '../../src/sigstore/trusted-root.js';
import { verifyProvenanceBundle } from '../../src/sigstore/verify-bundle.js';
import { MESSAGE_SIGNER_IDENTITY, MESSAGE_SIGNER_ISSUER, messageBundleSet } from '../../src/tools/fixtures/message-bundle.js';
import { certificatePem } from '../../src/tools/fixtures/signing.js';
import { runCli, type JsonReport } from '../cli/run-cli.js';
import { npmArgs, writeNpmFixture } from '../npm/fixture-files.js';
import { pypiArgs, writePypiFixture } from '../pypi/fixture-files.js';
import { toApiEntry } from '../rekor/legacy-log.js';
import { codeOf } from '../support/code-of.js';
import { duplicateIssuer, hostileEvidence, type Bundle } from './hostile-evidence.js';

/**
 * The hostile evidence of items 10, 11 and 19 through every command that
 * reads Sigstore bundles, validly signed by the fixture PKI: each must fail
 * with exit 1, the stage's code, and a message in the tool's words.
 */

const evidence = hostileEvidence();
const HELLO_ARGS = ['fixtures/artifacts/hello.txt', '--source-uri', 'github.com/slsa-verify-fixtures/hello', '--trusted-root', evidence.trustedRootPath];

async function verifyArtifact(name: string, bundle: unknown): Promise<{ status: number | null; code: string | undefined; text: string }> {
  const run = await runCli(['verify-artifact', ...HELLO_ARGS, '--provenance-path', evidence.write(name, bundle), '--format', 'json']);
  const report = JSON.parse(run.stdout) as JsonReport;
  return { status: run.status, code: report.error?.code, text: run.stdout + run.stderr };
}

function codeOfJson(stdout: string): string | undefined {
  return (JSON.parse(stdout) as JsonReport).error?.code;
}

describe('verify-artifact', () => {
  it('passes the valid twin', async () => {
    expect((await verifyArtifact('valid.intoto.jsonl', evidence.bundle('hostile-valid-v03'))).status).toBe(0);
  });

  it('refuses two copies of the 1.8 issuer extension: exit 1, ErrorInvalidCertificate', async () => {
    const run = await verifyArtifact('dup-ext.intoto.jsonl', evidence.bundle('hostile-dup-ext-v03'));
    expect([run.status, run.code]).toEqual([1, 'ErrorInvalidCertificate']);
  });

  it('refuses an inclusion proof whose root hash is not its checkpoint\'s: exit 1, ErrorInvalidRekorEntry', async () => {
    const bundle = evidence.bundle('hostile-valid-v03');
    const proof = bundle.verificationMaterial.tlogEntries[0]!.inclusionProof!;
    proof.rootHash = Buffer.alloc(32, 7).toString('base64');
    const run = await verifyArtifact('proof-root.intoto.jsonl', bundle);
    expect([run.status, run.code]).toEqual([1, 'ErrorInvalidRekorEntry']);
  });

  it('refuses a v0.1 inclusion proof without a checkpoint in its own words (no JavaScript message)', async () => {
    const bundle = evidence.bundle('hostile-valid-v01');
    const { checkpoint: _dropped, ...proof } = evidence.bundle('hostile-valid-v03').verificationMaterial.tlogEntries[0]!.inclusionProof!;
    (bundle.verificationMaterial.tlogEntries[0] as unknown as Record<string, unknown>)['inclusionProof'] = proof;
    const run = await verifyArtifact('no-checkpoint.intoto.jsonl', bundle);
    expect([run.status, run.code]).toEqual([1, 'ErrorInvalidFormat']);
    expect(run.text).toContain('inclusionProof.checkpoint: missing');
    expect(run.text).not.toMatch(/Cannot read|internal error|\n\s+at /);
  });
});

describe('verify-npm-package', () => {
  it('refuses provenance whose certificate repeats an extension: exit 1, ErrorInvalidCertificate', async () => {
    const files = writeNpmFixture({ editExtensions: duplicateIssuer });
    const run = await runCli([...npmArgs(files), '--format', 'json']);
    expect([run.status, codeOfJson(run.stdout)]).toEqual([1, 'ErrorInvalidCertificate']);
  });
});

describe('verify-pypi', () => {
  it('refuses an attestation whose certificate repeats an extension: exit 1, ErrorInvalidCertificate', async () => {
    const files = writePypiFixture({ certExtensions: duplicateIssuer });
    const run = await runCli([...pypiArgs(files, files.wheel), '--format', 'json']);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('ErrorInvalidCertificate');
  });
});

describe('verify-bundle', () => {
  it('refuses a message-signature bundle whose certificate repeats an extension: exit 1, ErrorInvalidCertificate', async () => {
    const artifact = Buffer.from('hello, bundle\n');
    const set = messageBundleSet([artifact], { certExtensions: duplicateIssuer });
    const dir = mkdtempSync(join(tmpdir(), 'slsa-verify-dup-bundle-'));
    const write = (name: string, content: string | Buffer): string => {
      writeFileSync(join(dir, name), content);
      return join(dir, name);
    };
    const run = await runCli([
      'verify-bundle', '--bundle', write('bundle.json', JSON.stringify(set.certificateBundle(artifact))),
      '--certificate-identity', MESSAGE_SIGNER_IDENTITY, '--certificate-oidc-issuer', MESSAGE_SIGNER_ISSUER,
      '--trusted-root', write('root.json', JSON.stringify(set.trustedRoot)), '--format', 'json', write('artifact', artifact),
    ]);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('ErrorInvalidCertificate');
  });
});

describe('bundles the tool builds itself go through the same stage', () => {
  const trust = trustRootFromJson(evidence.trustedRoot, 'test root');
  const envelopeOf = (b: Bundle) => ({ payloadType: b.dsseEnvelope.payloadType, payload: b.dsseEnvelope.payload, signatures: [{ sig: b.dsseEnvelope.signatures[0]!.sig, keyid: '' }] });
  const leafPem = (b: Bundle) => certificatePem(Buffer.from(b.verificationMaterial.certificate!.rawBytes, 'base64'));

  it('a Rekor-looked-up entry (bare envelope with its certificate)', () => {
    const valid = evidence.bundle('hostile-valid-v03');
    const fromLog = (b: Bundle) => bundleFromEntry(envelopeOf(b), leafPem(b), toApiEntry(b.verificationMaterial.tlogEntries[0]!).entry);
    expect(codeOf(() => verifyProvenanceBundle(fromLog(valid), trust))).toBeUndefined();
    expect(codeOf(() => verifyProvenanceBundle(fromLog(evidence.bundle('hostile-dup-ext-v03')), trust))).toBe('ErrorInvalidCertificate');
    const otherRoot = evidence.bundle('hostile-valid-v03');
    const entry = otherRoot.verificationMaterial.tlogEntries[0]!;
    entry.inclusionProof!.treeSize = String(Number(entry.inclusionProof!.treeSize) + 1);
    expect(codeOf(() => verifyProvenanceBundle(fromLog(otherRoot), trust))).toBe('ErrorInvalidRekorEntry');
  });

  it('a cosign attestation layer (verify-image)', () => {
    const layer = (b: Bundle) => {
      const e = b.verificationMaterial.tlogEntries[0]!;
      const rekorBundle = JSON.stringify({
        SignedEntryTimestamp: e.inclusionPromise!.signedEntryTimestamp,
        Payload: { body: e.canonicalizedBody, integratedTime: Number(e.integratedTime), logIndex: Number(e.logIndex), logID: Buffer.from(e.logId.keyId, 'base64').toString('hex') },
      });
      return cosignLayerToBundle(Buffer.from(JSON.stringify(b.dsseEnvelope)), leafPem(b), rekorBundle);
    };
    expect(codeOf(() => verifyProvenanceBundle(layer(evidence.bundle('hostile-valid-v03')), trust))).toBeUndefined();
    expect(codeOf(() => verifyProvenanceBundle(layer(evidence.bundle('hostile-dup-ext-v03')), trust))).toBe('ErrorInvalidCertificate');
  });
});
