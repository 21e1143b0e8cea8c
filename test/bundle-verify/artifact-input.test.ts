import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readArtifactInput } from '../../src/bundle-verify/artifact-input.js';

const DIGEST = `sha256:${'ab'.repeat(32)}`;

describe('readArtifactInput', () => {
  const cwd = process.cwd();
  afterEach(() => process.chdir(cwd));

  it('reads a sha256 digest without touching the disk', async () => {
    expect(await readArtifactInput(DIGEST)).toMatchObject({ kind: 'digest' });
  });

  it('refuses a digest that is also an existing file; reads sha512 digests', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sv-input-'));
    process.chdir(dir);
    writeFileSync(DIGEST, 'x');
    await expect(readArtifactInput(DIGEST)).rejects.toMatchObject({ code: 'ErrorUsage' });
    expect(await readArtifactInput(`./${DIGEST}`)).toMatchObject({ kind: 'file' });
    expect(await readArtifactInput(`sha512:${'AB'.repeat(64)}`)).toMatchObject({ kind: 'digest', algorithm: 'sha512', digest: Buffer.from('ab'.repeat(64), 'hex') });
  });
});
