import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type JsonReport } from '../cli/run-cli.js';
import { blobOf, cosignLayer, cosignManifest, makeImage, signProvenance, type TestImage } from './image-fixture.js';
import { startHostileServer, redirect, send, type Handler } from './hostile-server.js';
import { freePort, pushBlob, pushManifest, registryAvailable, startRegistry, type RunningRegistry } from './registry-server.js';

const SOURCE = ['--source-uri', 'github.com/slsa-verify-fixtures/hello'];
const GENERIC = ['--builder-id', 'https://github.com/slsa-framework/slsa-github-generator/.github/workflows/generator_generic_slsa3.yml@refs/tags/v2.1.0'];

if (!registryAvailable) {
  console.warn('verify-image registry tests skipped: docker-registry is not installed (apt-get install -y docker-registry)');
}

describe.skipIf(!registryAvailable)('verify-image against a real registry', () => {
  let registry: RunningRegistry;
  let image: TestImage;
  let other: TestImage;
  let bare: TestImage;
  let root: string[];

  async function pushImage(repo: string, img: TestImage): Promise<void> {
    await pushBlob(registry.host, repo, img.config);
    await pushBlob(registry.host, repo, img.layer);
    await pushManifest(registry.host, repo, img.manifest.digest, img.manifest);
    await pushManifest(registry.host, repo, 'latest', img.manifest);
  }

  async function attachCosign(repo: string, subjectDigest: string, bundle: string): Promise<void> {
    const layer = cosignLayer(bundle);
    const att = cosignManifest(layer);
    await pushBlob(registry.host, repo, layer.envelope);
    await pushBlob(registry.host, repo, att.config);
    await pushManifest(registry.host, repo, `sha256-${subjectDigest}.att`, att.manifest);
  }

  /** An OCI 1.1 referrer holding the bundle, listed in the tag-schema fallback index (distribution v2 has no referrers API). */
  async function attachReferrer(repo: string, img: TestImage, bundle: string): Promise<void> {
    const layer = blobOf(Buffer.from(bundle));
    const empty = blobOf(Buffer.from('{}'));
    const referrer = blobOf(Buffer.from(JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      artifactType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
      config: { mediaType: 'application/vnd.oci.empty.v1+json', digest: empty.digest, size: empty.size },
      layers: [{ mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json', digest: layer.digest, size: layer.size }],
      subject: { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: img.manifest.digest, size: img.manifest.size },
    })));
    await pushBlob(registry.host, repo, layer);
    await pushBlob(registry.host, repo, empty);
    await pushManifest(registry.host, repo, referrer.digest, referrer);
    const index = blobOf(Buffer.from(JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.index.v1+json',
      manifests: [{ mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: referrer.digest, size: referrer.size, artifactType: 'application/vnd.dev.sigstore.bundle.v0.3+json' }],
    })));
    await pushManifest(registry.host, repo, `sha256-${img.digest}`, index, 'application/vnd.oci.image.index.v1+json');
  }

  beforeAll(async () => {
    registry = await startRegistry();
    image = makeImage('hello');
    other = makeImage('other');
    bare = makeImage('bare');
    const signed = signProvenance(image);
    root = ['--trusted-root', signed.trustedRoot];
    await pushImage('slsa/hello', image);
    await attachCosign('slsa/hello', image.digest, signed.bundle);
    // Another image carrying hello's attestation.
    await pushImage('slsa/other', other);
    await attachCosign('slsa/other', other.digest, signed.bundle);
    await pushImage('slsa/bare', bare);
    // The image in one repository, its attestation in another.
    await pushImage('slsa/plain', image);
    await attachCosign('slsa/atts', image.digest, signed.bundle);
    await pushImage('slsa/referred', image);
    await attachReferrer('slsa/referred', image, signed.bundle);
  }, 60_000);

  afterAll(async () => {
    await registry?.stop();
  });

  async function verify(ref: string, extra: string[] = []): Promise<{ status: number | null; report: JsonReport }> {
    const run = await runCli(['verify-image', ref, ...SOURCE, ...GENERIC, ...root, ...extra, '--format', 'json']);
    return { status: run.status, report: JSON.parse(run.stdout) as JsonReport };
  }

  it('passes with a cosign attestation', async () => {
    const run = await runCli(['verify-image', `${registry.host}/slsa/hello@sha256:${image.digest}`, ...SOURCE, ...GENERIC, ...root]);
    expect(run.stderr).toMatch(/PASSED: SLSA verification passed\n$/);
    expect(run.status).toBe(0);
  });

  it('a digest the registry does not hold fails', async () => {
    const { status, report } = await verify(`${registry.host}/slsa/hello@sha256:${'e'.repeat(64)}`);
    expect(status).toBe(1);
    expect(report.error?.code).toBe('ErrorImageHash');
  });

  it('an attestation for another image fails on the digest', async () => {
    const { status, report } = await verify(`${registry.host}/slsa/other@sha256:${other.digest}`);
    expect(status).toBe(1);
    expect(report.error?.code).toBe('ErrorMismatchHash');
  });

  it('a mutable tag is refused before asking the registry', async () => {
    const { status, report } = await verify(`${registry.host}/slsa/hello:latest`);
    expect(status).toBe(1);
    expect(report.error?.code).toBe('ErrorMutableImage');
  });

  it('an image without attestation fails', async () => {
    const { status, report } = await verify(`${registry.host}/slsa/bare@sha256:${bare.digest}`);
    expect(status).toBe(1);
    expect(report.error?.code).toBe('ErrorNoValidSignature');
  });

  it('--provenance-repository looks for the attestation in another repository', async () => {
    expect((await verify(`${registry.host}/slsa/plain@sha256:${image.digest}`)).report.error?.code).toBe('ErrorNoValidSignature');
    const { status, report } = await verify(`${registry.host}/slsa/plain@sha256:${image.digest}`, ['--provenance-repository', `${registry.host}/slsa/atts`]);
    expect(report.error).toBeNull();
    expect(status).toBe(0);
  });

  it('reads an OCI 1.1 referrer through the tag-schema fallback', async () => {
    const { status, report } = await verify(`${registry.host}/slsa/referred@sha256:${image.digest}`);
    expect(report.error).toBeNull();
    expect(status).toBe(0);
  });

  it('--offline refuses to ask the registry (exit 2)', async () => {
    const { status, report } = await verify(`${registry.host}/slsa/hello@sha256:${image.digest}`, ['--offline']);
    expect(status).toBe(2);
    expect(report.error?.code).toBe('ErrorUsage');
  });
});

describe('verify-image with a registry that is down', () => {
  it('exits 4 quickly (ErrorRegistryUnreachable), no hang', async () => {
    const port = await freePort();
    const started = Date.now();
    const run = await runCli(['verify-image', `127.0.0.1:${port}/slsa/hello@sha256:${'a'.repeat(64)}`, ...SOURCE, ...GENERIC, '--format', 'json']);
    expect(Date.now() - started).toBeLessThan(8_000);
    expect(run.status).toBe(4);
    expect((JSON.parse(run.stdout) as JsonReport).error?.code).toBe('ErrorRegistryUnreachable');
  });
});

describe('verify-image with a hostile registry (through the CLI)', () => {
  async function verifyAgainst(handler: Handler): Promise<{ status: number | null; code: string | undefined; ms: number; stderr: string }> {
    const server = await startHostileServer(handler);
    try {
      const started = Date.now();
      const run = await runCli(['verify-image', `${server.host}/slsa/hello@sha256:${'a'.repeat(64)}`, ...SOURCE, ...GENERIC, '--format', 'json']);
      return { status: run.status, code: (JSON.parse(run.stdout) as JsonReport).error?.code, ms: Date.now() - started, stderr: run.stderr };
    } finally {
      await server.close();
    }
  }

  it('a registry that holds nothing: exit 1 (ErrorImageHash)', async () => {
    expect(await verifyAgainst((_req, res) => send(res, 404))).toMatchObject({ status: 1, code: 'ErrorImageHash' });
  });

  it('a registry that answers 5xx or 429: exit 4 (ErrorRegistryUnreachable) after bounded retries', async () => {
    for (const status of [503, 429]) {
      const outcome = await verifyAgainst((_req, res) => send(res, status));
      expect(outcome).toMatchObject({ status: 4, code: 'ErrorRegistryUnreachable' });
      expect(outcome.ms).toBeLessThan(8_000);
    }
  });

  it('a registry that redirects away to plain HTTP, or loops: exit 4, no stack trace', async () => {
    for (const handler of [
      ((_req, res) => redirect(res, 'http://example.invalid/v2/')) as Handler,
      ((req, res) => redirect(res, req.url ?? '/')) as Handler,
    ]) {
      const outcome = await verifyAgainst(handler);
      expect(outcome).toMatchObject({ status: 4, code: 'ErrorRegistryUnreachable' });
      expect(outcome.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('a registry answering another image for the digest: exit 1 (ErrorInvalidFormat)', async () => {
    expect(await verifyAgainst((_req, res) => send(res, 200, '{"schemaVersion":2,"layers":[]}'))).toMatchObject({ status: 1, code: 'ErrorInvalidFormat' });
  });
});
