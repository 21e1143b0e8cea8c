import { VerifyError } from '../errors/index.js';

/**
 * An image reference as verify-image accepts it. It must be pinned by digest
 * (`NAME@sha256:<64 hex>`): a tag can be moved to another image after it was
 * verified, so a tag-only reference is refused before anything is read.
 *
 *   registry/repo@sha256:...             a registry image (evidence from --provenance-path or the registry)
 *   oci-layout:DIR@sha256:...            an OCI image layout directory on disk
 *   docker-archive:FILE@sha256:...       a `docker save` / skopeo docker-archive tarball
 */
export type ImageReference =
  | { transport: 'registry'; name: string; digest: string; text: string }
  | { transport: 'oci-layout' | 'docker-archive'; path: string; digest: string; text: string };

const DIGEST = /^sha256:([0-9a-f]{64})$/;

export function parseImageReference(text: string): ImageReference {
  const at = text.lastIndexOf('@');
  const digestMatch = at >= 0 ? DIGEST.exec(text.slice(at + 1)) : null;
  if (!digestMatch) {
    throw new VerifyError('ErrorMutableImage', `'${text}': an image must be referenced by its digest, NAME@sha256:<64 hex digits>`);
  }
  const digest = digestMatch[1]!;
  const name = text.slice(0, at);
  if (name.startsWith('oci-layout:')) {
    const path = name.slice('oci-layout:'.length);
    if (path === '') throw new VerifyError('ErrorMutableImage', `'${text}': empty OCI layout path`);
    return { transport: 'oci-layout', path, digest, text };
  }
  if (name.startsWith('docker-archive:')) {
    const path = name.slice('docker-archive:'.length);
    if (path === '') throw new VerifyError('ErrorMutableImage', `'${text}': empty docker archive path`);
    return { transport: 'docker-archive', path, digest, text };
  }
  // A registry name: no whitespace, no second "@", no empty path component.
  if (name === '' || /[\s@]/.test(name) || name.split('/').some((part) => part === '')) {
    throw new VerifyError('ErrorMutableImage', `'${text}': malformed image name`);
  }
  return { transport: 'registry', name, digest, text };
}
