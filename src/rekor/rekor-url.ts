import { VerifyError } from '../errors/index.js';
import { isLoopbackHost } from '../registry/registry-name.js';

/**
 * The log URL as given (--rekor-url): https, or plain HTTP only to a loopback
 * host; no credentials, query or fragment (paths are appended to it).
 * ErrorUsage otherwise: the flag is wrong, nothing was asked.
 */
export function parseRekorUrl(value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new VerifyError('ErrorUsage', `--rekor-url must be an http(s) URL, got '${value}'`);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
    throw new VerifyError('ErrorUsage', `--rekor-url must be https (plain http only to a loopback host), got '${value}'`);
  }
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') {
    throw new VerifyError('ErrorUsage', `--rekor-url must not carry credentials, a query or a fragment, got '${value}'`);
  }
  return url;
}
