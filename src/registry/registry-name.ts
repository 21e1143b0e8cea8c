import { VerifyError } from '../errors/index.js';

/**
 * A registry image name split as Docker does: the first path component is the
 * registry host when it looks like one (has a "." or ":", or is "localhost"),
 * otherwise the image is on Docker Hub (`library/` for a one-word name). A tag
 * next to the digest (`name:tag@sha256:...`) is dropped: the digest decides.
 */
export interface RegistryName {
  /** host[:port] as written. */
  host: string;
  repository: string;
  /** Where the /v2/ API is: plain HTTP only for a loopback registry. */
  baseUrl: string;
}

const DOCKER_HUB_API = 'registry-1.docker.io';
const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const HOST = /^(?:[a-zA-Z0-9-]+(?:\.[a-zA-Z0-9-]+)*|\[[0-9a-fA-F:]+\])(?::[0-9]{1,5})?$/;

/**
 * A host name that reaches this machine: localhost (and *.localhost), 127/8,
 * ::1, the unspecified addresses (0.0.0.0 and :: connect locally) and
 * IPv4-mapped 127/8 or 0.0.0.0 (WHATWG URLs write ::ffff:127.0.0.1 as
 * [::ffff:7f00:1]). A DNS name resolving to loopback is not caught here.
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

export function parseRegistryName(name: string): RegistryName {
  const slash = name.indexOf('/');
  const first = slash < 0 ? '' : name.slice(0, slash);
  const explicitHost = first !== '' && (first.includes('.') || first.includes(':') || first === 'localhost');
  let host = explicitHost ? first : DOCKER_HUB_API;
  let path = explicitHost ? name.slice(slash + 1) : name;
  if (host === 'docker.io' || host === 'index.docker.io') host = DOCKER_HUB_API;
  if (host === DOCKER_HUB_API && !path.includes('/')) path = `library/${path}`;
  // Drop a tag on the last component: `repo:tag@sha256:...` is pinned by the digest.
  const lastSlash = path.lastIndexOf('/');
  const colon = path.indexOf(':', lastSlash + 1);
  if (colon >= 0) path = path.slice(0, colon);
  if (!HOST.test(host) || !path.split('/').every((c) => COMPONENT.test(c))) {
    throw new VerifyError('ErrorUsage', `'${name}' is not a valid registry image name`);
  }
  const hostname = host.replace(/:[0-9]+$/, '');
  const scheme = isLoopbackHost(hostname) ? 'http' : 'https';
  return { host, repository: path, baseUrl: `${scheme}://${host}` };
}
