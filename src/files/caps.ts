const KiB = 1024;
const MiB = 1024 * KiB;
const GiB = 1024 * MiB;

/**
 * The most bytes read from each kind of file the tool is given, in one place
 * so that README.md ("File size caps") says what the code does. Real files are
 * kilobytes; the caps leave room for large trees and stop hostile ones.
 */
export const FILE_CAPS = {
  /** --provenance-path, --attestation-path of verify-artifact / verify-github-attestation / verify-image, attestation verify --bundle, inspect FILE. */
  provenance: 64 * MiB,
  /** verify-bundle --bundle. */
  bundle: 16 * MiB,
  /** verify-bundle FILE: a message signature is verified over the bytes, so they are held in memory. */
  bundleArtifact: 2 * GiB - 1,
  /** verify-npm-package --attestations-path, and NAME.tgz.attestations.json in verify-lockfile --artifacts. */
  npmAttestations: 16 * MiB,
  /** An npm tarball (streamed), and what it may unpack to. */
  npmTarball: 2 * GiB,
  npmUnpacked: 8 * GiB,
  /** verify-pypi --provenance, FILE.provenance beside a distribution. */
  pypiProvenance: 16 * MiB,
  /** verify-vsa --attestation-path. */
  vsa: 16 * MiB,
  /** --trusted-root, --custom-trusted-root. */
  trustedRoot: 16 * MiB,
  /** --npm-registry-keys. */
  npmRegistryKeys: 16 * MiB,
  /** verify-image --trust-config, and each key file it names. */
  trustConfig: 1 * MiB,
  /** --public-key, --public-key-path, verify-bundle --key. */
  publicKey: 64 * KiB,
  /** --vsa-key. */
  privateKey: 64 * KiB,
  /** --policy, policy explain FILE. */
  policy: 4 * MiB,
  /** --checksums. */
  checksums: 128 * MiB,
  /** verify-lockfile LOCKFILE. */
  lockfile: 64 * MiB,
  /** verify-lockfile --pins. */
  pins: 64 * MiB,
  /** oci-layout:DIR: index.json, and each blob (read no further than the size its descriptor states). */
  ociIndex: 4 * MiB,
  ociBlob: 64 * MiB,
  /** docker-archive:FILE (streamed; layers are skipped, not kept). */
  dockerArchive: 64 * GiB,
  /** --evidence-dir: its index (each document there has the cap it had when fetched). */
  evidenceIndex: 64 * MiB,
  /** .npmrc files read for the registry and its token. */
  npmrc: 1 * MiB,
} as const;
