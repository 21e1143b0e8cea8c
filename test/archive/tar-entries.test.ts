import { Readable } from 'node:stream';
import tar from 'tar-stream';
import { describe, expect, it } from 'vitest';
import { readTarEntries } from '../../src/archive/tar-entries.js';
import { VerifyError } from '../../src/errors/index.js';

type Entry = { name: string; body?: string; type?: 'file' | 'symlink'; linkname?: string };

async function archive(entries: Entry[]): Promise<Buffer> {
  const pack = tar.pack();
  for (const e of entries) {
    if (e.type === 'symlink') pack.entry({ name: e.name, type: 'symlink', linkname: e.linkname ?? 'x' });
    else pack.entry({ name: e.name }, e.body ?? '');
  }
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of pack) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const options = {
  keep: (e: { path: string }) => e.path.endsWith('.json'),
  maxKeptBytes: 1024,
  label: 'test.tar',
  fail: (detail: string) => new VerifyError('ErrorInvalidFormat', detail),
};

describe('readTarEntries', () => {
  it('keeps only the selected regular files, by normalised path', async () => {
    const bytes = await archive([{ name: './a.json', body: '{}' }, { name: 'big.bin', body: 'x'.repeat(5000) }, { name: 'dir/b.json', body: '[]' }]);
    const kept = await readTarEntries(Readable.from([bytes]), options);
    expect([...kept.keys()]).toEqual(['a.json', 'dir/b.json']);
    expect(kept.get('dir/b.json')?.toString()).toBe('[]');
  });

  it('fails when a selected path occurs twice', async () => {
    const bytes = await archive([{ name: 'a.json', body: '1' }, { name: 'a.json', body: '2' }]);
    await expect(readTarEntries(Readable.from([bytes]), options)).rejects.toMatchObject({ code: 'ErrorInvalidFormat' });
  });

  it('fails when a selected path is not a regular file', async () => {
    const bytes = await archive([{ name: 'a.json', type: 'symlink', linkname: '/etc/passwd' }]);
    await expect(readTarEntries(Readable.from([bytes]), options)).rejects.toMatchObject({ code: 'ErrorInvalidFormat' });
  });

  it('fails on a truncated or damaged archive and past the size bound', async () => {
    const bytes = await archive([{ name: 'a.json', body: 'x'.repeat(600) }]);
    await expect(readTarEntries(Readable.from([bytes.subarray(0, 700)]), options)).rejects.toMatchObject({ code: 'ErrorInvalidFormat' });
    const damaged = Buffer.from(bytes);
    damaged[10] = 0x41; // inside the header: the checksum no longer matches
    await expect(readTarEntries(Readable.from([damaged]), options)).rejects.toMatchObject({ code: 'ErrorInvalidFormat' });
    await expect(readTarEntries(Readable.from([bytes]), { ...options, maxKeptBytes: 100 })).rejects.toMatchObject({ code: 'ErrorInvalidFormat' });
  });
});
