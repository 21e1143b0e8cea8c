import { VerifyError } from '../errors/index.js';
import { OciLayout } from './oci-layout.js';
import { openBoundedStream } from '../files/read-bounded.js';
import { readTarEntries } from '../archive/tar-entries.js';
import { FILE_CAPS } from '../files/caps.js';

/**
 * A `docker save` / `skopeo copy ... docker-archive:` tarball. The image
 * digest a provenance names is the digest of the image's distribution
 * manifest, so only an archive that carries one can be verified: the OCI
 * image layout Docker 25+ writes inside the tarball (`index.json`,
 * `oci-layout`, `blobs/sha256/...`). A legacy archive (only `manifest.json`,
 * config and layers) holds no manifest digest and is refused rather than
 * guessed at. Layers are never kept in memory: only small blobs
 * (manifests, configs, attestations) are, read in one streaming pass.
 */

/** Manifests, configs and attestation layers are kilobytes; image layers are skipped. */
const MAX_KEPT_BLOB_BYTES = 8 * 1024 * 1024;
const MAX_KEPT_TOTAL_BYTES = 64 * 1024 * 1024;
const BLOB_PATH = /^blobs\/sha256\/[0-9a-f]{64}$/;

export async function openDockerArchive(path: string): Promise<OciLayout> {
  const label = `docker archive ${path}`;
  const fail = (detail: string): VerifyError => new VerifyError('ErrorInvalidFormat', `${label}: ${detail}`);
  // A layout path seen twice fails even when one copy is a skipped (large) blob: the archive must say one thing.
  const seen = new Set<string>();
  const files = await readTarEntries(await openBoundedStream(path, { what: 'docker archive', maxBytes: FILE_CAPS.dockerArchive, tooLargeCode: 'ErrorInvalidFormat' }), {
    keep: (e) => {
      const layoutFile = e.path === 'index.json' || e.path === 'oci-layout' || e.path === 'manifest.json' || BLOB_PATH.test(e.path);
      if (!layoutFile) return false;
      if (seen.has(e.path)) throw fail(`${e.path} occurs twice`);
      seen.add(e.path);
      return !BLOB_PATH.test(e.path) || e.size <= MAX_KEPT_BLOB_BYTES;
    },
    maxKeptBytes: MAX_KEPT_TOTAL_BYTES,
    label,
    fail,
  });
  if (!files.has('index.json') || !files.has('oci-layout')) {
    const legacy = files.has('manifest.json') ? ' (a legacy archive: it holds no image manifest, so no image digest to match)' : '';
    throw new VerifyError('ErrorImageHash', `docker archive ${path} holds no OCI image layout${legacy}`);
  }
  return OciLayout.fromFiles(`docker archive ${path}`, files);
}
