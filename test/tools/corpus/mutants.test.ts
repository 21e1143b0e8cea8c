import { describe, expect, it } from 'vitest';
import { mutantsOf, spread } from '../../../src/tools/corpus/mutants.js';

describe('mutantsOf', () => {
  const document = {
    payload: Buffer.from('{"a":1} and some more bytes').toString('base64'),
    logIndex: '100003000',
    keyId: 'ab'.repeat(16),
    kind: 'dsse',
    empty: '',
    count: 3,
    flag: true,
    list: [{ inner: 'x' }],
    nothing: null,
  };
  const all = [...mutantsOf(document, { positions: 2, structural: true })];

  it('changes every leaf path at least once, and only that member', () => {
    const paths = new Set(all.filter((m) => m.kind !== 'delete' && m.kind !== 'retype').map((m) => m.path));
    expect([...paths].sort()).toEqual(['count', 'empty', 'flag', 'keyId', 'kind', 'list.0.inner', 'logIndex', 'payload']);
    for (const m of all) {
      const [head] = m.path.split('.');
      for (const key of Object.keys(document)) {
        if (key !== head) expect((m.document as Record<string, unknown>)[key]).toEqual((document as Record<string, unknown>)[key]);
      }
      expect(m.document).not.toEqual(document);
    }
  });

  it('flips one decoded byte of base64 (a changed character might decode to the same bytes)', () => {
    const original = Buffer.from(document.payload, 'base64');
    for (const m of all.filter((x) => x.path === 'payload' && x.kind === 'byte')) {
      const changed = Buffer.from(m.value as string, 'base64');
      expect(changed.length).toBe(original.length);
      expect([...changed].filter((b, i) => b !== original[i])).toHaveLength(1);
    }
  });

  it('keeps decimal and hex strings decimal and hex', () => {
    for (const m of all.filter((x) => x.path === 'logIndex' && x.kind === 'digit')) expect(m.value).toMatch(/^[0-9]{9}$/);
    for (const m of all.filter((x) => x.path === 'keyId' && x.kind === 'hex')) expect(m.value).toMatch(/^[0-9a-f]{32}$/);
  });

  it('removes each member and gives each value another JSON type when asked', () => {
    expect(all.filter((m) => m.kind === 'delete').map((m) => m.path)).toContain('list.0');
    expect(all.find((m) => m.kind === 'retype' && m.path === 'list')?.value).toEqual({});
    expect([...mutantsOf(document, { positions: 2, structural: false })].some((m) => m.kind === 'delete')).toBe(false);
    // null and absent mean the same: only a retype changes such a member.
    expect(all.filter((m) => m.path === 'nothing').map((m) => m.kind)).toEqual(['retype']);
  });

  it('is the same set on every run', () => {
    expect([...mutantsOf(document, { positions: 2, structural: true })].map((m) => JSON.stringify(m.document))).toEqual(all.map((m) => JSON.stringify(m.document)));
  });
});

describe('spread', () => {
  it('takes both ends and evenly spaced positions, or everything when short', () => {
    expect(spread(4, 2)).toEqual([0, 1, 2, 3]);
    expect(spread(100, 3)).toEqual([0, 24, 49, 74, 99]);
    expect(spread(100, 0)).toEqual([0, 99]);
  });
});
