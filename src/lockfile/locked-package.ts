import type { ErrorCode } from '../errors/index.js';
import type { NpmRegistryEvidence } from '../npm/fetch-evidence.js';
import type { PypiIndexEvidence } from '../pypi/fetch-evidence.js';

/** Evidence that could not be had for a package (plain data: it crosses to verify workers). */
export interface EvidenceUnavailable {
  kind: 'unavailable';
  code: ErrorCode;
  message: string;
}

export type FetchedEvidence = NpmRegistryEvidence | PypiIndexEvidence | EvidenceUnavailable;

/** One package a lockfile pins, with the files that may carry it and the digests they must have. */
export interface LockedPackage {
  ecosystem: 'npm' | 'pypi';
  name: string;
  version: string;
  /** Where in the lockfile (a packages key, or FILE:LINE) for messages. */
  origin: string;
  /**
   * npm: the one tarball `npm pack` names; pypi: every distribution filename
   * the lockfile lists, or undefined when any file of NAME==VERSION in the
   * directory may be used (requirements.txt does not name files).
   */
  files: string[] | undefined;
  /** Acceptable digests, lowercase hex, per algorithm. */
  digests: { sha512?: string[]; sha256?: string[] };
  /** pylock.toml: the digest per listed file (each file has its own). */
  fileDigests?: Map<string, string>;
  /** npm: the lockfile's `resolved` URL (which registry it came from). */
  resolved?: string;
  /** pypi: the Simple API base the lockfile names for it (uv `source.registry`, poetry `[package.source]`, Pipfile.lock `index`); absent: --index-url. */
  index?: string;
  /** A package no index can attest (git, path, editable, URL source): why; the policy's missingProvenance decides. */
  unverifiable?: string;
  /** Without --artifacts: what the registry or index answered for it. */
  evidence?: FetchedEvidence;
}
