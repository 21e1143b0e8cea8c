import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO } from '../cli/run-cli.js';

/**
 * Builds a small OCI image layout in a temp dir. The "image manifest" is the
 * bytes of fixtures/artifacts/hello.txt, so that its digest is the subject of
 * the fixture provenance; the attestation is that provenance's Sigstore bundle,
 * attached as an OCI 1.1 referrer.
 */
export const HELLO = readFileSync(join(REPO, 'fixtures/artifacts/hello.txt'));
export const HELLO_DIGEST = createHash('sha256').update(HELLO).digest('hex');
export const BUNDLE = readFileSync(join(REPO, 'fixtures/provenance/valid.intoto.jsonl'), 'utf8').split('\n')[0]!;

function put(dir: string, bytes: Buffer): { digest: string; size: number } {
  const hex = createHash('sha256').update(bytes).digest('hex');
  writeFileSync(join(dir, 'blobs', 'sha256', hex), bytes);
  return { digest: `sha256:${hex}`, size: bytes.length };
}

export interface LayoutOptions {
  image?: Buffer;
  /** The attestation bundle; undefined: no attestation at all. */
  bundle?: string | undefined;
  /** Corrupt the attestation blob after writing it. */
  tamper?: boolean;
  /** A cosign `.att` attestation: a DSSE envelope layer with cosign's annotations. */
  cosign?: { envelope: Buffer; annotations: Record<string, string> };
}

export function writeLayout(o: LayoutOptions = { bundle: BUNDLE }): string {
  const dir = mkdtempSync(join(tmpdir(), 'oci-layout-'));
  mkdirSync(join(dir, 'blobs', 'sha256'), { recursive: true });
  writeFileSync(join(dir, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}');
  const image = put(dir, o.image ?? HELLO);
  const manifests: unknown[] = [{ mediaType: 'application/vnd.oci.image.manifest.v1+json', ...image }];
  if (o.bundle !== undefined) {
    const layer = put(dir, Buffer.from(o.bundle));
    if (o.tamper) writeFileSync(join(dir, 'blobs', 'sha256', layer.digest.slice(7)), Buffer.from(o.bundle.replace('a', 'b')));
    const config = put(dir, Buffer.from('{}'));
    const referrer = put(dir, Buffer.from(JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      artifactType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
      config: { mediaType: 'application/vnd.oci.empty.v1+json', ...config },
      layers: [{ mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json', ...layer }],
      subject: { mediaType: 'application/vnd.oci.image.manifest.v1+json', ...image },
    })));
    manifests.push({ mediaType: 'application/vnd.oci.image.manifest.v1+json', ...referrer });
  }
  if (o.cosign !== undefined) {
    const layer = put(dir, o.cosign.envelope);
    const config = put(dir, Buffer.from('{}'));
    const att = put(dir, Buffer.from(JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...config },
      layers: [{ mediaType: 'application/vnd.dsse.envelope.v1+json', ...layer, annotations: o.cosign.annotations }],
    })));
    const ref = `sha256-${image.digest.slice('sha256:'.length)}.att`;
    manifests.push({ mediaType: 'application/vnd.oci.image.manifest.v1+json', ...att, annotations: { 'org.opencontainers.image.ref.name': ref } });
  }
  writeFileSync(join(dir, 'index.json'), JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests }));
  return dir;
}
