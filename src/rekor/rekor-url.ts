import { VerifyError } from '../errors/index.js';
import { fetchableUrl } from '../net/origin.js';

/**
 * The log URL as given (--rekor-url): https, or plain HTTP only to a loopback
 * host, no credentials (src/net/origin.ts); no query or fragment either
 * (paths are appended to it). ErrorUsage otherwise: the flag is wrong,
 * nothing was asked.
 */
export function parseRekorUrl(value: string): URL {
  const url = fetchableUrl(value, '--rekor-url');
  if (url.search !== '' || url.hash !== '') throw new VerifyError('ErrorUsage', `--rekor-url must not carry a query or a fragment, got '${value.slice(0, 200)}'`);
  return url;
}
