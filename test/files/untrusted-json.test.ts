import { describe, expect, it } from 'vitest';
import { JsonTooDeepError, MAX_JSON_DEPTH, nestsDeeperThan, parseUntrustedJson } from '../../src/files/untrusted-json.js';

const nested = (depth: number): string => '['.repeat(depth) + ']'.repeat(depth);

describe('parseUntrustedJson', () => {
  it('parses ordinary JSON as JSON.parse does', () => {
    expect(parseUntrustedJson('{"a":[1,{"b":"[[[{{{"}],"c":"\\"[","d":"\\\\"}')).toEqual({ a: [1, { b: '[[[{{{' }], c: '"[', d: '\\' });
  });

  it('accepts the limit and refuses one level more, with a SyntaxError that says why', () => {
    expect(() => parseUntrustedJson(nested(MAX_JSON_DEPTH))).not.toThrow();
    expect(() => parseUntrustedJson(nested(MAX_JSON_DEPTH + 1))).toThrow(JsonTooDeepError);
    expect(() => parseUntrustedJson(nested(100_000))).toThrow(SyntaxError);
  });

  it('counts only brackets outside strings, escapes included', () => {
    const inString = `["${'['.repeat(5000)}\\"${'{'.repeat(5000)}"]`;
    expect(nestsDeeperThan(inString, 10)).toBe(false);
    expect(nestsDeeperThan(`{"a":${nested(11)}}`, 11)).toBe(true);
    expect(nestsDeeperThan(`{"a\\\\":${nested(5)}}`, 5)).toBe(true);
  });

  it('still fails on what JSON.parse refuses', () => {
    expect(() => parseUntrustedJson('{')).toThrow(SyntaxError);
  });
});
