import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILDER as GCB_BUILDER, DIGEST as GCB_DIGEST, SOURCE as GCB_SOURCE, gcloudJson, keyPair } from '../gcb/fixture.js';
import { createHash } from 'node:crypto';
import { BUNDLE, HELLO, HELLO_DIGEST, writeLayout } from '../image/layout-fixture.js';
import { cosignLayer } from '../registry/image-fixture.js';
import { runCli, type JsonReport } from './run-cli.js';

const ROOT = ['--trusted-root', 'fixtures/trusted_root.json'];
const SOURCE = ['--source-uri', 'github.com/slsa-verify-fixtures/hello'];
const GENERIC = ['--builder-id', 'https://github.com/slsa-framework/slsa-github-generator/.github/workflows/generator_generic_slsa3.yml@refs/tags/v2.1.0'];
const JSON_FORMAT = ['--format', 'json'];

async function json(args: string[]): Promise<{ status: number | null; report: JsonReport }> {
  const run = await runCli(['verify-image', ...args, ...JSON_FORMAT]);
  return { status: run.status, report: JSON.parse(run.stdout) as JsonReport };
}

describe('verify-image', () => {
  it('refuses a mutable tag before reading anything', async () => {
    const run = await runCli(['verify-image', 'ghcr.io/o/r:latest', '--provenance-path', '/nonexistent', ...SOURCE]);
    expect(run.status).toBe(1);
    const { report } = await json(['ghcr.io/o/r:latest', '--provenance-path', '/nonexistent', ...SOURCE]);
    expect(report.error?.code).toBe('ErrorMutableImage');
  });

  it('passes with a bundle from --provenance-path; the digest is the subject', async () => {
    const run = await runCli(['verify-image', `ghcr.io/o/r@sha256:${HELLO_DIGEST}`, '--provenance-path', 'fixtures/provenance/valid.intoto.jsonl', ...SOURCE, ...GENERIC, ...ROOT]);
    expect(run.stderr).toMatch(/^Verified build using builder ".*generator_generic_slsa3.yml@refs\/tags\/v2.1.0" at commit [0-9a-f]{40}\nPASSED: SLSA verification passed\n$/);
    expect(run.status).toBe(0);
  });

  it('the container generator is the only default trusted builder', async () => {
    const { status, report } = await json([`ghcr.io/o/r@sha256:${HELLO_DIGEST}`, '--provenance-path', 'fixtures/provenance/valid.intoto.jsonl', ...SOURCE, ...ROOT]);
    expect(status).toBe(1);
    expect(report.error?.code).toBe('ErrorUntrustedReusableWorkflow');
  });

  it('an attestation for another image fails on the digest', async () => {
    const { status, report } = await json([`ghcr.io/o/r@sha256:${'c'.repeat(64)}`, '--provenance-path', 'fixtures/provenance/valid.intoto.jsonl', ...SOURCE, ...GENERIC, ...ROOT]);
    expect(status).toBe(1);
    expect(report.error?.code).toBe('ErrorMismatchHash');
  });

  it('reads attestations from an OCI layout', async () => {
    const dir = writeLayout();
    const { status, report } = await json([`oci-layout:${dir}@sha256:${HELLO_DIGEST}`, ...SOURCE, ...GENERIC, ...ROOT]);
    expect(report.error).toBeNull();
    expect(status).toBe(0);
  });

  it('OCI layout: wrong digest and missing attestation fail', async () => {
    const dir = writeLayout();
    expect((await json([`oci-layout:${dir}@sha256:${'d'.repeat(64)}`, ...SOURCE, ...GENERIC, ...ROOT])).report.error?.code).toBe('ErrorImageHash');
    const empty = writeLayout({ bundle: undefined });
    const missing = await json([`oci-layout:${empty}@sha256:${HELLO_DIGEST}`, ...SOURCE, ...GENERIC, ...ROOT]);
    expect(missing.status).toBe(1);
    expect(missing.report.error?.code).toBe('ErrorNoValidSignature');
  });

  it('--offline: a registry reference without --provenance-path is a usage error (no socket)', async () => {
    const { status, report } = await json([`ghcr.io/o/r@sha256:${HELLO_DIGEST}`, ...SOURCE, '--offline']);
    expect(status).toBe(2);
    expect(report.error?.code).toBe('ErrorUsage');
  });

  describe('oci-layout: the layout is opened whatever the evidence source', () => {
    const PROVENANCE = ['--provenance-path', 'fixtures/provenance/valid.intoto.jsonl'];

    it('a layout that does not exist cannot be verified against (exit 2), even with --provenance-path', async () => {
      const { status, report } = await json([`oci-layout:/nonexistent-layout@sha256:${HELLO_DIGEST}`, ...PROVENANCE, ...SOURCE, ...GENERIC, ...ROOT]);
      expect(status).toBe(2);
      expect(report.error?.code).toBe('ErrorUnreadableFile');
    });

    it('a layout without the image fails (ErrorImageHash), even when the provenance names the digest', async () => {
      const other = writeLayout({ image: Buffer.from('another image'), bundle: undefined });
      const { status, report } = await json([`oci-layout:${other}@sha256:${HELLO_DIGEST}`, ...PROVENANCE, ...SOURCE, ...GENERIC, ...ROOT]);
      expect(status).toBe(1);
      expect(report.error?.code).toBe('ErrorImageHash');
    });

    it('a layout whose image manifest is damaged fails (ErrorInvalidFormat) with --provenance-path', async () => {
      const dir = writeLayout({ bundle: undefined });
      writeFileSync(join(dir, 'blobs', 'sha256', HELLO_DIGEST), Buffer.concat([HELLO, Buffer.from('!')]));
      const { status, report } = await json([`oci-layout:${dir}@sha256:${HELLO_DIGEST}`, ...PROVENANCE, ...SOURCE, ...GENERIC, ...ROOT]);
      expect(status).toBe(1);
      expect(report.error?.code).toBe('ErrorInvalidFormat');
    });

    it('the layout holding the image, provenance from --provenance-path: passes', async () => {
      const dir = writeLayout({ bundle: undefined });
      const { status, report } = await json([`oci-layout:${dir}@sha256:${HELLO_DIGEST}`, ...PROVENANCE, ...SOURCE, ...GENERIC, ...ROOT]);
      expect(report.error).toBeNull();
      expect(status).toBe(0);
    });

    it('Cloud Build: a layout without the image fails too', async () => {
      const other = writeLayout({ image: Buffer.from('another image'), bundle: undefined });
      const { status, report } = await json([`oci-layout:${other}@sha256:${createHash('sha256').update('x').digest('hex')}`, ...PROVENANCE, '--source-uri', 'x', '--builder-id', 'https://cloudbuild.googleapis.com/GoogleHostedWorker']);
      expect(status).toBe(1);
      expect(report.error?.code).toBe('ErrorImageHash');
    });
  });

  describe('--offline changes the exit code only when a lookup was refused', () => {
    const withoutLogEntry = (): string => {
      const layer = cosignLayer(BUNDLE);
      const annotations = { ...layer.annotations };
      delete annotations['dev.sigstore.cosign/bundle'];
      return writeLayout({ bundle: undefined, cosign: { envelope: layer.envelope.bytes, annotations } });
    };

    it('a cosign layout attestation passes, with or without --offline', async () => {
      const layer = cosignLayer(BUNDLE);
      const dir = writeLayout({ bundle: undefined, cosign: { envelope: layer.envelope.bytes, annotations: layer.annotations } });
      for (const extra of [[], ['--offline']]) {
        const { status, report } = await json([`oci-layout:${dir}@sha256:${HELLO_DIGEST}`, ...SOURCE, ...GENERIC, ...ROOT, ...extra]);
        expect(report.error).toBeNull();
        expect(status).toBe(0);
      }
    });

    it('a layout attestation without its log entry fails (exit 1), with or without --offline', async () => {
      const dir = withoutLogEntry();
      for (const extra of [[], ['--offline']]) {
        const { status, report } = await json([`oci-layout:${dir}@sha256:${HELLO_DIGEST}`, ...SOURCE, ...GENERIC, ...ROOT, ...extra]);
        expect(report.error?.code).toBe('ErrorNeedsLogLookup');
        expect(status).toBe(1);
      }
    });

    it('a layout verification failure stays exit 1 under --offline', async () => {
      const dir = writeLayout();
      const wrongSource = ['--source-uri', 'github.com/slsa-verify-fixtures/other'];
      const { status, report } = await json([`oci-layout:${dir}@sha256:${HELLO_DIGEST}`, ...wrongSource, ...GENERIC, ...ROOT, '--offline']);
      expect(report.error?.code).toBe('ErrorMismatchSource');
      expect(status).toBe(1);
    });
  });

  describe('Cloud Build', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gcb-cli-'));
    const signer = keyPair();
    writeFileSync(join(dir, 'us-central1.key'), signer.publicKey.export({ type: 'spki', format: 'pem' }));
    writeFileSync(join(dir, 'trust.json'), JSON.stringify({ gcb: { keysDir: '.' } }));
    writeFileSync(join(dir, 'prov.json'), gcloudJson({ privateKey: signer.privateKey }));
    writeFileSync(join(dir, 'other.json'), gcloudJson({ privateKey: keyPair().privateKey }));
    const args = (prov: string) => [`us-docker.pkg.dev/p/r/img@sha256:${GCB_DIGEST}`, '--provenance-path', join(dir, prov), '--source-uri', GCB_SOURCE, '--builder-id', GCB_BUILDER];

    it('passes and names the verifying key', async () => {
      const run = await runCli(['verify-image', ...args('prov.json'), '--trust-config', join(dir, 'trust.json')]);
      expect(run.stderr).toBe('Verification succeeded with key "us-central1"\nPASSED: SLSA verification passed\n');
      expect(run.status).toBe(0);
    });

    it('a signature by a key not in the trust config fails', async () => {
      const { status, report } = await json([...args('other.json'), '--trust-config', join(dir, 'trust.json')]);
      expect(status).toBe(1);
      expect(report.error?.code).toBe('ErrorNoValidSignature');
    });

    it('--source-branch is not supported', async () => {
      const { report } = await json([...args('prov.json'), '--trust-config', join(dir, 'trust.json'), '--source-branch', 'main']);
      expect(report.error?.code).toBe('ErrorNotSupported');
    });

    it('without --trust-config it cannot run (exit 2)', async () => {
      const run = await runCli(['verify-image', ...args('prov.json')]);
      expect(run.status).toBe(2);
    });

    it('an unknown builder has no verifier', async () => {
      const { report } = await json([`us-docker.pkg.dev/p/r/img@sha256:${GCB_DIGEST}`, '--provenance-path', join(dir, 'prov.json'), '--source-uri', GCB_SOURCE, '--builder-id', 'https://example.com/builder']);
      expect(report.error?.code).toBe('ErrorVerifierNotSupported');
    });
  });
});
