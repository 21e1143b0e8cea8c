/**
 * Runs a synchronous call into sigstore-js with stack capture off. Its ASN.1
 * parser probes every OCTET STRING for nested DER and swallows the throw when
 * there is none: about fifteen Errors per certificate parse, whose stack
 * capture was 6% of a verification (measured with --cpu-prof). Nothing reads
 * those stacks. The limit is restored before any other code can run (the call
 * is synchronous), and before an error leaves, so the caller's own errors keep
 * their stacks.
 */
export function withoutStackTraces<T>(run: () => T): T {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return run();
  } finally {
    Error.stackTraceLimit = limit;
  }
}
