import { VerifyError } from '../errors/index.js';
import { OciLayout } from './oci-layout.js';
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { readTarEntries } from '../archive/tar-entries.js';

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
  const files = await readTarEntries(await openRegularFile(path, label), {
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

/**
 * The archive as a stream, refused unless it is a regular file: /dev/zero (an
 * endless run of empty tar blocks), a FIFO or a directory never reach the tar
 * reader. Opened non-blocking so a FIFO does not hang the open itself.
 */
async function openRegularFile(path: string, label: string): Promise<Readable> {
  let handle;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    throw new VerifyError('ErrorUnreadableFile', `${label}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  const stat = await handle.stat().catch(async (err: unknown) => {
    await handle.close();
    throw new VerifyError('ErrorUnreadableFile', `${label}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  });
  if (!stat.isFile()) {
    await handle.close();
    throw new VerifyError('ErrorUnreadableFile', `${label}: not a regular file`);
  }
  return handle.createReadStream();
}
