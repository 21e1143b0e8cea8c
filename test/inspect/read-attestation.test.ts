import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { colorFor } from '../../src/cli/color.js';
import { readUnverified } from '../../src/inspect/read-attestation.js';
import { renderInspectText } from '../../src/cli/render/inspect-text.js';
import { shellQuote, suggestCommand } from '../../src/inspect/suggest-flags.js';
import { parseProvenance } from '../../src/input/read-provenance.js';

const FIXTURES = join(import.meta.dirname, '../../fixtures');
const read = (file: string) => parseProvenance(readFileSync(join(FIXTURES, 'provenance', file))).map(readUnverified);

describe('readUnverified', () => {
  it('reads the claims of a bundle v0.3, v0.1 and a bare DSSE envelope', () => {
    for (const [file, subject] of [['valid.intoto.jsonl', 'hello.txt'], ['valid-bundle-v0.1.intoto.jsonl', 'hello-v01.txt'], ['dsse-envelope.intoto.jsonl', 'hello.txt']] as const) {
      const [a] = read(file);
      expect(a?.error, file).toBeUndefined();
      expect(a?.sourceUri).toBe('github.com/slsa-verify-fixtures/hello');
      expect(a?.ref).toBe('refs/heads/main');
      expect(a?.subjects.map((s) => s.name)).toEqual([subject]);
      expect(a?.issuer).toBe('https://token.actions.githubusercontent.com');
    }
    expect(read('valid.intoto.jsonl')[0]?.logIndex).toMatch(/^\d+$/);
    expect(read('dsse-envelope.intoto.jsonl')[0]?.logIndex).toBeUndefined();
  });

  it('shows forged claims as they are: inspection is not verification', () => {
    // The signature no longer matches, but inspect still only reports the claim.
    expect(read('tampered-payload.intoto.jsonl')[0]?.ref).toBeDefined();
    expect(read('fork-evil.intoto.jsonl')[0]?.sourceUri).toBe('github.com/evil/hello');
  });

  it('suggests the verify-artifact line, quoting shell words', () => {
    const [a] = read('valid-tag-v1.2.3.intoto.jsonl');
    const line = suggestCommand(a!, 'p.jsonl');
    expect(line).toMatch(/^slsa-verify verify-artifact --provenance-path p\.jsonl --source-uri github\.com\/slsa-verify-fixtures\/hello --builder-id https:\/\//);
    expect(line).toContain('--source-tag v1.2.3 -- hello-v1.2.3.bin');
    expect(shellQuote("a b'c")).toBe(`'a b'\\''c'`);
  });

  it('says UNVERIFIED on every block and colours only a TTY without NO_COLOR', () => {
    const items = read('valid-multi-line.intoto.jsonl');
    const text = renderInspectText('f', items, colorFor({ isTTY: false }, true));
    expect(text.match(/^UNVERIFIED attestation/gm)).toHaveLength(2);
    expect(text).not.toContain('\u001b[');
    expect(colorFor({ isTTY: true }, true, {}).level).toBe(1);
    expect(colorFor({ isTTY: true }, true, { NO_COLOR: '1' }).level).toBe(0);
    expect(colorFor({ isTTY: true }, false, {}).level).toBe(0);
    expect(renderInspectText('f', items, colorFor({ isTTY: true }, true, {}))).toContain('\u001b[');
  });
});
