import { slsaBuildLevel } from '../policy/slsa-level.js';
import type { CertificateClaims } from '../sigstore/certificate-claims.js';

/**
 * The level a VSA may claim for every subject: the lowest shown by any
 * (one subject without a known level means none is claimed).
 */
export function lowestLevel(levels: readonly (1 | 2 | 3 | undefined)[]): 1 | 2 | 3 | undefined {
  if (levels.length === 0 || levels.some((l) => l === undefined)) return undefined;
  return Math.min(...(levels as (1 | 2 | 3)[])) as 1 | 2 | 3;
}

/** From the Sigstore certificate that signed the provenance, as --policy's minSlsaBuildLevel reads it. */
export function certificateLevel(certificate: CertificateClaims | undefined): 1 | 2 | 3 | undefined {
  return certificate === undefined ? undefined : slsaBuildLevel(certificate);
}
