import { createHash, X509Certificate } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildFixtures } from '../../src/tools/fixtures/generate.js';

/**
 * A tiny real image (config + one layer + OCI manifest) and fixture
 * provenance signed for its manifest digest with the fixture PKI, plus the
 * same provenance as a cosign `.att` layer (DSSE envelope, certificate and
 * Rekor bundle annotations), as cosign attaches it.
 */

export interface Blob {
  bytes: Buffer;
  digest: string;
  size: number;
}

export const blobOf = (bytes: Buffer): Blob => ({ bytes, digest: `sha256:${createHash('sha256').update(bytes).digest('hex')}`, size: bytes.length });

export interface TestImage {
  config: Blob;
  layer: Blob;
  manifest: Blob;
  /** Hex of the manifest digest. */
  digest: string;
}

export function makeImage(label: string): TestImage {
  const config = blobOf(Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [] }, config: { Labels: { label } } })));
  const layer = blobOf(Buffer.from(`layer of ${label}`));
  const manifest = blobOf(Buffer.from(JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: config.digest, size: config.size },
    layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: layer.digest, size: layer.size }],
  })));
  return { config, layer, manifest, digest: manifest.digest.slice(7) };
}

export interface SignedProvenance {
  /** The Sigstore bundle v0.3 JSON line. */
  bundle: string;
  /** A trusted_root.json file trusting the fixture PKI. */
  trustedRoot: string;
}

/** Provenance for `image`, signed as the fixture generic generator would (source github.com/slsa-verify-fixtures/hello). */
export function signProvenance(image: TestImage): SignedProvenance {
  const { lines, trustedRoot } = buildFixtures([
    { file: 'image.intoto.jsonl', description: 'image provenance', lines: [{ id: 'registry-image', subjects: [{ name: 'registry.test/hello', digest: { sha256: image.digest } }] }] },
  ]);
  const line = lines.find((l) => l.file === 'image.intoto.jsonl');
  if (!line) throw new Error('image provenance was not generated');
  const dir = mkdtempSync(join(tmpdir(), 'image-fixture-'));
  const root = join(dir, 'trusted_root.json');
  writeFileSync(root, JSON.stringify(trustedRoot));
  return { bundle: line.json, trustedRoot: root };
}

interface BundleV03 {
  verificationMaterial: {
    certificate: { rawBytes: string };
    tlogEntries: { logIndex: string; logId: { keyId: string }; integratedTime: string; inclusionPromise: { signedEntryTimestamp: string }; canonicalizedBody: string }[];
  };
  dsseEnvelope: unknown;
}

/** The cosign attestation layer equivalent to a v0.3 bundle: envelope blob + annotations. */
export function cosignLayer(bundleJson: string): { envelope: Blob; annotations: Record<string, string> } {
  const bundle = JSON.parse(bundleJson) as BundleV03;
  const entry = bundle.verificationMaterial.tlogEntries[0];
  if (!entry) throw new Error('bundle has no tlog entry');
  const pem = new X509Certificate(Buffer.from(bundle.verificationMaterial.certificate.rawBytes, 'base64')).toString();
  const rekorBundle = {
    SignedEntryTimestamp: entry.inclusionPromise.signedEntryTimestamp,
    Payload: {
      body: entry.canonicalizedBody,
      integratedTime: Number(entry.integratedTime),
      logIndex: Number(entry.logIndex),
      logID: Buffer.from(entry.logId.keyId, 'base64').toString('hex'),
    },
  };
  return {
    envelope: blobOf(Buffer.from(JSON.stringify(bundle.dsseEnvelope))),
    annotations: { 'dev.sigstore.cosign/certificate': pem, 'dev.sigstore.cosign/bundle': JSON.stringify(rekorBundle) },
  };
}

/** The cosign `.att` manifest (and its config blob) for a cosign layer. */
export function cosignManifest(layer: ReturnType<typeof cosignLayer>): { config: Blob; manifest: Blob } {
  const config = blobOf(Buffer.from('{"architecture":"","os":"","config":{},"rootfs":{"type":"layers","diff_ids":[]}}'));
  const manifest = blobOf(Buffer.from(JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: config.digest, size: config.size },
    layers: [{ mediaType: 'application/vnd.dsse.envelope.v1+json', digest: layer.envelope.digest, size: layer.envelope.size, annotations: layer.annotations }],
  })));
  return { config, manifest };
}
