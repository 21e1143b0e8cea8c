import { describe, expect, it } from 'vitest';
import { parseImageReference } from '../../src/image/reference.js';

const HEX = 'a'.repeat(64);

describe('image references', () => {
  it('accepts registry and oci-layout references pinned by digest', () => {
    expect(parseImageReference(`ghcr.io/o/r@sha256:${HEX}`)).toMatchObject({ transport: 'registry', name: 'ghcr.io/o/r', digest: HEX });
    expect(parseImageReference(`oci-layout:/tmp/x@sha256:${HEX}`)).toMatchObject({ transport: 'oci-layout', path: '/tmp/x', digest: HEX });
  });

  it.each([
    'ghcr.io/o/r',
    'ghcr.io/o/r:latest',
    `ghcr.io/o/r@sha256:${'A'.repeat(64)}`,
    `ghcr.io/o/r@sha256:${HEX.slice(1)}`,
    `ghcr.io/o/r@sha512:${HEX}`,
    `@sha256:${HEX}`,
    `oci-layout:@sha256:${HEX}`,
    `a b@sha256:${HEX}`,
  ])('refuses %s as mutable or malformed', (ref) => {
    expect(() => parseImageReference(ref)).toThrow(expect.objectContaining({ code: 'ErrorMutableImage' }));
  });
});
