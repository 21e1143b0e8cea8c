/** Test hook: SLSA_VERIFY_HTTP_TIMEOUT_MS / _BACKOFF_MS shorten the HTTP client's waits (the stand-in servers' slow answers). */
export function httpOverrides(env: NodeJS.ProcessEnv): { http: { timeoutMs?: number; backoffMs?: number } } | undefined {
  const timeout = Number(env['SLSA_VERIFY_HTTP_TIMEOUT_MS'] ?? '');
  const backoff = Number(env['SLSA_VERIFY_HTTP_BACKOFF_MS'] ?? '');
  if (!(timeout > 0) && !(backoff >= 0 && env['SLSA_VERIFY_HTTP_BACKOFF_MS'] !== undefined)) return undefined;
  return { http: { ...(timeout > 0 ? { timeoutMs: timeout } : {}), ...(backoff >= 0 && env['SLSA_VERIFY_HTTP_BACKOFF_MS'] !== undefined ? { backoffMs: backoff } : {}) } };
}
