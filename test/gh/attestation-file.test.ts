import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readAttestationFile } from '../../src/gh/attestation-file.js';
import { fixtureBytes, ghAttestationSet } from '../../src/tools/fixtures/gh-attestation.js';

const dir = mkdtempSync(join(tmpdir(), 'gh-file-'));
const set = await ghAttestationSet([
  { id: 'a', subjects: [{ name: 'a', bytes: fixtureBytes('gh-file/a') }] },
  { id: 'b', subjects: [{ name: 'b', bytes: fixtureBytes('gh-file/b') }] },
]);
const line = (id: string): string => JSON.stringify(set.bundles.get(id));
const file = (name: string, text: string): string => {
  writeFileSync(join(dir, name), text);
  return join(dir, name);
};
const code = async (run: Promise<unknown>): Promise<string | undefined> => run.then(() => undefined, (err: { code?: string }) => err.code);

describe('the attestations of --bundle FILE', () => {
  it('reads one bundle (pretty-printed too), JSON lines with CRLF and blank lines, and API-wrapped lines', async () => {
    expect(await readAttestationFile(file('one.json', JSON.stringify(set.bundles.get('a'), null, 2)), 30)).toHaveLength(1);
    const lines = await readAttestationFile(file('two.jsonl', `${line('a')}\r\n\r\n${JSON.stringify({ bundle: set.bundles.get('b') })}\n`), 30);
    expect(lines.map((l) => l.line)).toEqual([1, 3]);
  });

  it('refuses junk, a repeat, an unknown wrapper field, an empty file and more than the limit', async () => {
    expect(await code(readAttestationFile(file('junk.jsonl', `${line('a')}\n[1]\n`), 30))).toBe('ErrorInvalidFormat');
    expect(await code(readAttestationFile(file('repeat.jsonl', `${line('a')}\n${line('b')}\n${line('a')}\n`), 30))).toBe('ErrorInvalidFormat');
    expect(await code(readAttestationFile(file('wrapped.jsonl', `${JSON.stringify({ bundle: set.bundles.get('a'), extra: 1 })}\n`), 30))).toBe('ErrorInvalidFormat');
    expect(await code(readAttestationFile(file('empty.jsonl', ''), 30))).toBe('ErrorInvalidFormat');
    expect(await code(readAttestationFile(file('limit.jsonl', `${line('a')}\n${line('b')}\n`), 1))).toBe('ErrorInvalidFormat');
    expect(await code(readAttestationFile(file('not-a-bundle.jsonl', '{"mediaType":"application/vnd.dev.sigstore.bundle.v0.3+json"}\n'), 30))).toBe('ErrorInvalidFormat');
  });
});
