/** One short reason for a failed fetch: a timeout, the socket error's code (ECONNREFUSED, ENOTFOUND, ...), else the message. */
export function describeFetchFailure(err: unknown): string {
  if (err instanceof Error) {
    if (err.name === 'TimeoutError' || err.name === 'AbortError') return 'timed out';
    const cause = (err as { cause?: unknown }).cause;
    const code = typeof cause === 'object' && cause !== null ? (cause as { code?: unknown }).code : undefined;
    return typeof code === 'string' ? code : err.message;
  }
  return String(err);
}
