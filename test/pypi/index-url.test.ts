import { describe, expect, it } from 'vitest';
import { indexCredentials, parseIndexUrl } from '../../src/pypi/index-url.js';
import { codeOf } from '../support/code-of.js';

describe('parseIndexUrl', () => {
  it("takes pip's credentials out of the URL, for the index's origin only", () => {
    const location = parseIndexUrl('https://__token__:pypi%2Dabc@pypi.internal.example/simple');
    expect(location.indexUrl).toBe('https://pypi.internal.example/simple/');
    expect(location.authorization).toBe(`Basic ${Buffer.from('__token__:pypi-abc').toString('base64')}`);
    expect(indexCredentials(location, new URL('https://pypi.internal.example/integrity/x/1/x-1.tar.gz/provenance'))).toBe(location.authorization);
    expect(indexCredentials(location, new URL('https://other.example/simple/x/'))).toBeUndefined();
    expect(indexCredentials(location, new URL('http://pypi.internal.example/simple/x/'))).toBeUndefined();
    expect(parseIndexUrl('https://pypi.org/simple/')).toEqual({ indexUrl: 'https://pypi.org/simple/', authorization: undefined });
  });

  it('refuses (ErrorUsage) what is not an https URL (http only on loopback)', () => {
    for (const raw of ['pypi.org/simple', 'http://pypi.example/simple', 'ftp://pypi.example/simple', 'https://u:%E0%A4%A@pypi.example/']) {
      expect(codeOf(() => parseIndexUrl(raw)), raw).toBe('ErrorUsage');
    }
    expect(parseIndexUrl('http://127.0.0.1:8080/simple').indexUrl).toBe('http://127.0.0.1:8080/simple/');
  });
});
