import { lstatSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../src/files/write-atomic.js';

const scratch = (): string => mkdtempSync(join(tmpdir(), 'slsa-verify-atomic-'));

describe('writeFileAtomic', () => {
  it('replaces the file and leaves no temporary file behind', async () => {
    const dir = scratch();
    const path = join(dir, 'vsa.json');
    writeFileSync(path, 'old');
    await writeFileAtomic(path, 'new', 'VSA');
    expect(readFileSync(path, 'utf8')).toBe('new');
    expect(readdirSync(dir)).toEqual(['vsa.json']);
  });

  it('fails as a usage error when the directory is missing', async () => {
    await expect(writeFileAtomic(join(tmpdir(), 'no-such-dir-slsa-verify', 'vsa.json'), 'x', 'VSA')).rejects.toMatchObject({ code: 'ErrorUsage' });
  });

  it('never writes through a symlink planted at the target: the link itself is replaced', async () => {
    const dir = scratch();
    const victim = join(dir, 'victim');
    writeFileSync(victim, 'precious');
    const path = join(dir, 'out.json');
    symlinkSync(victim, path);
    await writeFileAtomic(path, 'new', '--save-bundle');
    expect(readFileSync(victim, 'utf8')).toBe('precious');
    expect(lstatSync(path).isSymbolicLink()).toBe(false);
    expect(readFileSync(path, 'utf8')).toBe('new');
  });

  it('uses a temporary name nobody can predict, created exclusively', async () => {
    const dir = scratch();
    const victim = join(dir, 'victim');
    writeFileSync(victim, 'precious');
    // The names an attacker could guess (the old `FILE.<pid>.tmp` scheme) are all planted.
    for (const name of [`out.json.${process.pid}.tmp`, '.out.json.tmp', 'out.json.tmp']) symlinkSync(victim, join(dir, name));
    const names = new Set<string>();
    for (let i = 0; i < 5; i++) {
      await writeFileAtomic(join(dir, 'out.json'), `v${i}`, 'pins');
      for (const n of readdirSync(dir)) names.add(n);
    }
    expect(readFileSync(victim, 'utf8')).toBe('precious');
    expect([...names].sort()).toEqual(['.out.json.tmp', 'out.json', `out.json.${process.pid}.tmp`, 'out.json.tmp', 'victim'].sort());
    for (const name of [`out.json.${process.pid}.tmp`, '.out.json.tmp', 'out.json.tmp']) expect(readlinkSync(join(dir, name))).toBe(victim);
  });

  it('a target that cannot be replaced (a directory) fails and leaves no temporary file', async () => {
    const dir = scratch();
    const sub = mkdtempSync(join(dir, 'taken-'));
    writeFileSync(join(sub, 'keep'), 'k');
    await expect(writeFileAtomic(sub, 'x', 'VSA')).rejects.toMatchObject({ code: 'ErrorUsage' });
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    expect(readFileSync(join(sub, 'keep'), 'utf8')).toBe('k');
  });
});
