import { statSync } from 'node:fs';
import { VerifyError } from '../errors/index.js';

/**
 * verify-image `out@sha256:...` where `out` is a directory (or file) here:
 * without a transport prefix that is a Docker Hub name (docker.io/library/out),
 * and asking Docker Hub for it is surely not what was meant. Refused before
 * any socket is opened, naming both ways to say what was meant. A name with a
 * registry host (`docker.io/out`, `ghcr.io/o/r`, `localhost:5000/x`) is
 * never taken for a path.
 */
export function refuseLocalPathAsImage(image: string): void {
  const at = image.lastIndexOf('@');
  const name = at >= 0 ? image.slice(0, at) : image;
  const digest = at >= 0 ? image.slice(at + 1) : 'sha256:<digest>';
  if (name === '' || /^(oci-layout|docker-archive):/.test(name)) return;
  const first = name.split('/')[0]!;
  const looksLikePath = /^[./~]/.test(name);
  const hasRegistryHost = !looksLikePath && (first.includes('.') || first.includes(':') || first === 'localhost');
  if (hasRegistryHost) return;
  let kind: 'directory' | 'file';
  try {
    kind = statSync(name).isDirectory() ? 'directory' : 'file';
  } catch {
    return; // not here: a registry name, or a malformed reference verify-image reports itself
  }
  const local = kind === 'directory' ? `oci-layout:${name}@${digest}` : `docker-archive:${name}@${digest}`;
  const what = kind === 'directory' ? 'an OCI image layout' : 'a docker archive';
  const registry = looksLikePath ? '' : `; for the Docker Hub image, name its registry: 'docker.io/${name}@${digest}'`;
  throw new VerifyError('ErrorUsage', `'${name}' is a local ${kind}, not a registry image: for ${what} write '${local}'${registry}`);
}
