import { describe, expect, it } from 'vitest';
import { parseStrictJson } from '../../src/lockfile/strict-json.js';
import { codeOf } from '../support/code-of.js';

describe('parseStrictJson', () => {
  it('reads valid JSON, with equal keys in different objects and tricky strings', () => {
    expect(parseStrictJson('{"a":{"b":1},"c":{"b":2},"d":[{"a":1},{"a":1}],"e":"}\\",\\"e\\":{","__proto__x":1}', 's')).toMatchObject({ a: { b: 1 } });
    expect(parseStrictJson('[{"k":"__proto__"}]', 's')).toEqual([{ k: '__proto__' }]);
  });

  it('refuses a repeated key (also spelled with escapes or empty) and a __proto__ key (ErrorUsage)', () => {
    for (const text of ['{"a":1,"a":2}', '{"a":1,"\\u0061":2}', '{"":1,"":2}', '{"x":{"y":[{"z":1,"z":1}]}}', '{"__proto__":{}}', '{"a":{"\\u005f_proto__":1}}', '{']) {
      expect(codeOf(() => parseStrictJson(text, 's')), text).toBe('ErrorUsage');
    }
  });
});
