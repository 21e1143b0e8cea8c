import { VerifyError } from '../errors/index.js';
import { isLoopbackHost } from '../net/origin.js';

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
