import { describe, expect, it } from 'vitest';
import { parseBearerChallenge } from '../../src/registry/auth-challenge.js';
import { codeOf } from '../support/code-of.js';

describe('parseBearerChallenge', () => {
  it('reads realm, service and scope (quoted, escaped, unquoted)', () => {
    expect(parseBearerChallenge('Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/alpine:pull"')).toEqual({
      realm: 'https://auth.docker.io/token', service: 'registry.docker.io', scope: 'repository:library/alpine:pull',
    });
    expect(parseBearerChallenge('bearer realm=https://a.test/t, service="x\\"y"')).toEqual({ realm: 'https://a.test/t', service: 'x"y', scope: undefined });
  });

  it('another scheme is not a Bearer challenge', () => {
    expect(parseBearerChallenge('Basic realm="Registry"')).toBeUndefined();
  });

  it('a malformed or realm-less challenge fails (could not ask)', () => {
    expect(codeOf(() => parseBearerChallenge('Bearer service="x"'))).toBe('ErrorRegistryUnreachable');
    expect(codeOf(() => parseBearerChallenge('Bearer realm="a" junk'))).toBe('ErrorRegistryUnreachable');
    expect(codeOf(() => parseBearerChallenge('Bearer realm="a",realm="b"'))).toBe('ErrorRegistryUnreachable');
  });
});
