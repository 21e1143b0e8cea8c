/** Exit codes are part of the interface: scripts branch on them. */
export const EXIT = {
  /** Every artifact verified. */
  verified: 0,
  /** Verification failed: any check, any malformed or untrusted evidence. */
  failed: 1,
  /** The command could not run as asked: bad flags, unreadable file, invalid trusted root. */
  usage: 2,
  /** A service the evidence lives in (Rekor, an OCI registry) could not be asked: nothing was verified or refuted. */
  couldNotAsk: 4,
} as const;
