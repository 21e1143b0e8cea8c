import { describe, expect, it } from 'vitest';
import {
  branchFromGitRef,
  normalizeGitUri,
  parseGitRef,
  parseGitUriAndRef,
  tagFromGitRef,
} from '../../src/provenance/git.js';
import { codeOf } from '../checks/fixtures.js';

describe('git helpers', () => {
  it('normalizes source URIs as slsa-verifier', () => {
    expect(normalizeGitUri('github.com/o/r')).toBe('git+https://github.com/o/r');
    expect(normalizeGitUri('https://github.com/o/r')).toBe('git+https://github.com/o/r');
    expect(normalizeGitUri('http://github.com/o/r')).toBe('git+http://github.com/o/r');
    expect(normalizeGitUri('git+https://github.com/o/r')).toBe('git+https://github.com/o/r');
    expect(normalizeGitUri('git+github.com/o/r')).toBe('git+github.com/o/r');
    expect(normalizeGitUri('')).toBe('git+https://');
  });

  it('splits a git URI at the first "@"', () => {
    expect(parseGitUriAndRef('git+https://github.com/o/r@refs/tags/v1')).toEqual({ uri: 'git+https://github.com/o/r', ref: 'refs/tags/v1' });
    expect(parseGitUriAndRef('git+https://github.com/o/r')).toEqual({ uri: 'git+https://github.com/o/r', ref: '' });
    expect(parseGitUriAndRef('git+https://github.com/o/r@a@b')).toEqual({ uri: 'git+https://github.com/o/r', ref: 'a@b' });
    expect(codeOf(() => parseGitUriAndRef(''))).toBe('ErrorMalformedURI');
    expect(codeOf(() => parseGitUriAndRef('https://github.com/o/r@v1'))).toBe('ErrorMalformedURI');
  });

  it('parses refs', () => {
    expect(parseGitRef('refs/tags/v1')).toEqual({ type: 'tags', name: 'v1' });
    expect(parseGitRef('refs/heads/feat/x')).toEqual({ type: 'heads', name: 'feat/x' });
    expect(parseGitRef('tags/v1')).toEqual({ type: '', name: 'tags/v1' });
    expect(parseGitRef('refs/tags')).toEqual({ type: '', name: 'refs/tags' });
  });

  it('requires the expected ref type and a name', () => {
    expect(tagFromGitRef('refs/tags/v1.2.3')).toBe('v1.2.3');
    expect(branchFromGitRef('refs/heads/main')).toBe('main');
    for (const bad of ['', 'v1.2.3', 'refs/heads/v1', 'refs/tags/', 'refs/tag/v1', 'Refs/tags/v1']) {
      expect(codeOf(() => tagFromGitRef(bad)), bad).toBe('ErrorInvalidRef');
    }
    expect(codeOf(() => branchFromGitRef('refs/tags/main'))).toBe('ErrorInvalidRef');
    expect(codeOf(() => branchFromGitRef('refs/heads/'))).toBe('ErrorInvalidRef');
  });
});
