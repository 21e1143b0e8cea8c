import { describe, expect, it } from 'vitest';
import { OciLayout } from '../../src/image/oci-layout.js';
import { BUNDLE, HELLO_DIGEST, writeLayout } from './layout-fixture.js';

describe('OCI image layout', () => {
  it('finds a referrer attestation of the image', async () => {
    const layout = await OciLayout.open(writeLayout());
    const found = await layout.attestations(HELLO_DIGEST);
    expect(found).toHaveLength(1);
    expect(found[0]?.kind).toBe('bundle');
  });

  it('an image that is not in the layout is an error, not an empty list', async () => {
    const layout = await OciLayout.open(writeLayout());
    await expect(layout.attestations('b'.repeat(64))).rejects.toMatchObject({ code: 'ErrorImageHash' });
  });

  it('a blob that does not hash to its digest is refused', async () => {
    const layout = await OciLayout.open(writeLayout({ bundle: BUNDLE, tamper: true }));
    await expect(layout.attestations(HELLO_DIGEST)).rejects.toMatchObject({ code: 'ErrorInvalidFormat' });
  });

  it('no attestation: an empty list', async () => {
    const layout = await OciLayout.open(writeLayout({ bundle: undefined }));
    expect(await layout.attestations(HELLO_DIGEST)).toEqual([]);
  });

  it('a directory without index.json is unreadable', async () => {
    await expect(OciLayout.open('/nonexistent-layout')).rejects.toMatchObject({ code: 'ErrorUnreadableFile' });
  });
});
