/** Exit codes are part of the interface: scripts branch on them. */
export const EXIT = {
  /** Every artifact verified. */
  verified: 0,
  /** Verification failed: any check, any malformed or untrusted evidence. */
  failed: 1,
  /** The command could not run as asked: bad flags, unreadable file, invalid trusted root. */
  usage: 2,
  /** The transparency log needed for a lookup could not be asked (unreachable, timing out, failing). */
  rekorUnreachable: 4,
  /** The OCI registry holding the attestations could not be asked: as for Rekor, nothing was verified. */
  registryUnreachable: 4,
} as const;
