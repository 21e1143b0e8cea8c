import { describe, expect, it } from 'vitest';
import { withoutStackTraces } from '../../src/sigstore/without-stack-traces.js';

describe('withoutStackTraces', () => {
  it('captures no stack inside, and restores the limit after a return and after a throw', () => {
    const before = Error.stackTraceLimit;
    const inside = withoutStackTraces(() => new Error('probe'));
    expect(inside.stack).not.toMatch(/\n\s+at /);
    expect(Error.stackTraceLimit).toBe(before);
    expect(() => withoutStackTraces(() => { throw new TypeError('library'); })).toThrow(TypeError);
    expect(Error.stackTraceLimit).toBe(before);
    expect(new Error('after').stack).toMatch(/\n\s+at /);
  });
});
