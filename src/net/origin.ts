import { VerifyError } from '../errors/index.js';

/**
 * A host name that reaches this machine, the only hosts plain HTTP may be
 * used with: localhost (and *.localhost), 127/8, ::1, the unspecified
 * addresses (0.0.0.0 and :: connect locally) and IPv4-mapped 127/8 or 0.0.0.0
 * (WHATWG URLs write ::ffff:127.0.0.1 as [::ffff:7f00:1]). A DNS name that
 * resolves to loopback is not caught here.
 */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '');
  if (h === 'localhost' || h.endsWith('.localhost') || h === '::1' || h === '::' || h === '0.0.0.0') return true;
  if (/^127(?:\.[0-9]{1,3}){3}$/.test(h)) return true;
  const mapped = /^::ffff:([0-9a-f]{1,4}):[0-9a-f]{1,4}$/.exec(h) ?? /^::ffff:(127|0)\.[0-9.]+$/.exec(h);
  if (!mapped) return false;
  const head = mapped[1]!;
  return head === '127' || parseInt(head, 16) >> 8 === 0x7f || parseInt(head, 16) === 0;
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
