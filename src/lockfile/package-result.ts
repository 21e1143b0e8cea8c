import type { VerifyError } from '../errors/index.js';
import type { PinOutcome } from '../pins/pin-outcome.js';

/** The publisher identity a verified package was signed by (what --pins records). */
export interface PublisherIdentity {
  repository: string;
  workflow: string;
  builder: string;
}

/**
 * verified: provenance checked; allowed / warned: no provenance (or no
 * expected source in the policy) and the policy's missingProvenance let it
 * pass; failed: anything else.
 */
export type PackageStatus = 'verified' | 'allowed' | 'warned' | 'failed';

export interface PackageResult {
  ecosystem: 'npm' | 'pypi';
  name: string;
  version: string;
  /** The artifacts in --artifacts that were checked. */
  files: string[];
  status: PackageStatus;
  error: VerifyError | undefined;
  /** Why a package passed without provenance. */
  note: string | undefined;
  publisher: PublisherIdentity | undefined;
  /**
   * A failed package whose signature verified before a later check failed:
   * who signed it, for display only (never pinned, never a reason to pass).
   */
  seen?: PublisherIdentity;
  pin: PinOutcome | undefined;
}
