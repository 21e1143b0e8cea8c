import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../src/vsa-emit/write-atomic.js';

describe('writeFileAtomic', () => {
  it('replaces the file and leaves no temporary file behind', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'slsa-verify-atomic-'));
    const path = join(dir, 'vsa.json');
    writeFileSync(path, 'old');
    await writeFileAtomic(path, 'new');
    expect(readFileSync(path, 'utf8')).toBe('new');
    expect(readdirSync(dir)).toEqual(['vsa.json']);
  });

  it('fails as a usage error when the directory is missing', async () => {
    await expect(writeFileAtomic(join(tmpdir(), 'no-such-dir-slsa-verify', 'vsa.json'), 'x')).rejects.toMatchObject({ code: 'ErrorUsage' });
  });
});
