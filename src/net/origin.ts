import { VerifyError } from '../errors/index.js';

/** 127.0.0.0/8, ::1 and localhost: the only hosts plain HTTP may be used with. */
export function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || hostname === '::1' || /^127(?:\.[0-9]{1,3}){3}$/.test(hostname);
}

/**
 * A URL evidence may be fetched from: https anywhere, http only on loopback
 * (the test stand-ins, a local mirror). Credentials in a URL are refused: they
 * would be sent to whoever the URL names.
 */
export function fetchableUrl(raw: string, what: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new VerifyError('ErrorUsage', `${what}: '${raw.slice(0, 200)}' is not a URL`);
  }
  if (url.username !== '' || url.password !== '') throw new VerifyError('ErrorUsage', `${what}: a URL with credentials in it is refused`);
  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) return url;
  throw new VerifyError('ErrorUsage', `${what}: ${url.protocol}//${url.host} is not https (plain http only for loopback)`);
}

/** A redirect is followed only to https, or to loopback from loopback (a public server never sends us to this machine). */
export function redirectAllowed(from: URL, to: URL): boolean {
  if (to.username !== '' || to.password !== '') return false;
  if (isLoopbackHost(to.hostname)) return isLoopbackHost(from.hostname) && (to.protocol === 'http:' || to.protocol === 'https:');
  return to.protocol === 'https:';
}
