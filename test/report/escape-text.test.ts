import { describe, expect, it } from 'vitest';
import { escapeText, jsonDocument, safeText } from '../../src/report/escape-text.js';

describe('escapeText', () => {
  it('leaves ordinary strings byte for byte (slsa-verifier lines stay as they are)', () => {
    for (const s of [
      'https://github.com/slsa-framework/slsa-github-generator/.github/workflows/generator_generic_slsa3.yml@refs/tags/v2.1.0',
      'git+https://github.com/o/r@refs/heads/main',
      'héllo wörld ✓ 日本語 emoji 🎉',
      'back\\slash "quotes" \'single\'',
    ]) expect(escapeText(s)).toBe(s);
  });

  it('escapes newline, carriage return, tab and terminal escapes so no line can be forged', () => {
    expect(escapeText('a\nPASSED: SLSA verification passed')).toBe('a\\nPASSED: SLSA verification passed');
    expect(escapeText('x\r\x1b[2K\x1b]8;;http://evil\x07y\t')).toBe('x\\r\\x1b[2K\\x1b]8;;http://evil\\x07y\\t');
    expect(escapeText('\0')).toBe('\\x00');
  });

  it('escapes DEL, every C1 control and the bidi and separator characters', () => {
    expect(escapeText('\x7f')).toBe('\\x7f');
    for (let c = 0x80; c <= 0x9f; c++) expect(escapeText(String.fromCharCode(c))).toBe(`\\x${c.toString(16)}`);
    const unicode = [0x061c, 0x200e, 0x200f, 0x2028, 0x2029, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069];
    for (const c of unicode) expect(escapeText(String.fromCharCode(c))).toBe(`\\u${c.toString(16).padStart(4, '0')}`);
    // Invisible format characters, which make one name look like another.
    for (const c of [0x00ad, 0x200b, 0x200c, 0x200d, 0x2060, 0x2064, 0xfeff]) expect(escapeText(String.fromCharCode(c))).not.toBe(String.fromCharCode(c));
    // Neighbours that are harmless stay.
    expect(escapeText('\u00a0\u2027\u202f\u206a\u00ae')).toBe('\u00a0\u2027\u202f\u206a\u00ae');
  });

  it('every C0 control is escaped', () => {
    for (let c = 0; c < 0x20; c++) expect(escapeText(String.fromCharCode(c))).not.toMatch(/[\u0000-\u001f]/);
  });
});

describe('safeText', () => {
  it('escapes the values and keeps the literal parts (and their newlines)', () => {
    const name = 'x\n\x1b[32mPASSED';
    expect(safeText`Verifying artifact ${name}: PASSED\n\n`).toBe('Verifying artifact x\\n\\x1b[32mPASSED: PASSED\n\n');
    expect(safeText`${undefined} ${42} ${'ok'}`).toBe('undefined 42 ok');
  });
});

describe('jsonDocument', () => {
  it('escapes C1, DEL and bidi characters as \\u escapes, meaning the same to a JSON reader', () => {
    const value = { name: 'a\u009b31mb\u202ec\u2028d\x7f', plain: 'é' };
    const text = jsonDocument(value);
    expect(text).not.toMatch(/[\u007f-\u009f\u202e\u2028]/);
    expect(text).toContain('\\u009b');
    expect(JSON.parse(text)).toEqual(value);
    expect(text.endsWith('}\n')).toBe(true);
  });
});
