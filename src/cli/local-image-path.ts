import { statSync } from 'node:fs';
import { VerifyError } from '../errors/index.js';
import { parseImageReference } from '../image/reference.js';

/**
 * verify-image `out@sha256:...` where `out` is a directory (or file) here:
 * without a transport prefix that is a Docker Hub name (docker.io/library/out),
 * and asking Docker Hub for it is surely not what was meant. Refused before
 * any socket is opened, naming both ways to say what was meant. A name with a
 * registry host (`docker.io/out`, `ghcr.io/o/r`, `localhost:5000/x`) is
 * never taken for a path.
 */
export function refuseLocalPathAsImage(image: string): void {
  let ref;
  try {
    ref = parseImageReference(image);
  } catch {
    return; // verify-image reports the malformed reference itself
  }
  if (ref.transport !== 'registry') return;
  const first = ref.name.split('/')[0]!;
  const looksLikePath = /^[./~]/.test(ref.name);
  const hasRegistryHost = !looksLikePath && (first.includes('.') || first.includes(':') || first === 'localhost');
  if (hasRegistryHost) return;
  let kind: 'directory' | 'file' | undefined;
  try {
    const stat = statSync(ref.name);
    kind = stat.isDirectory() ? 'directory' : 'file';
  } catch {
    return;
  }
  const digest = `sha256:${ref.digest}`;
  const local = kind === 'directory' ? `oci-layout:${ref.name}@${digest}` : `docker-archive:${ref.name}@${digest}`;
  const what = kind === 'directory' ? 'an OCI image layout' : 'a docker archive';
  throw new VerifyError(
    'ErrorUsage',
    `'${ref.name}' is a local ${kind}, not a registry image: for ${what} write '${local}'; for the Docker Hub image name it with its registry, 'docker.io/${ref.name}@${digest}'`,
  );
}
