import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { withServedKeys, type RegistryKey, type RegistryKeys } from '../../src/npm/registry-keys.js';
import { codeOf } from '../support/code-of.js';

const PUBLIC = 'https://registry.npmjs.org/';
const embeddedKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey;
const otherKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey;
const EXPIRED_AT = new Date('2025-01-29T00:00:00Z');
const embedded: RegistryKey = { keyId: 'SHA256:embedded', publicKey: embeddedKey, validFor: (d) => d <= EXPIRED_AT };
const base: RegistryKeys = { origin: 'embedded keys', find: () => undefined, findSignatureKey: (id) => (id === embedded.keyId ? embedded : undefined) };
const spki = (k: typeof embeddedKey): string => k.export({ format: 'der', type: 'spki' }).toString('base64');
const list = (...keys: { keyid: string; key: string; expires?: string | null }[]) => ({ keys: keys.map((k) => ({ keytype: 'ecdsa-sha2-nistp256', scheme: 'ecdsa-sha2-nistp256', expires: null, ...k })) });

describe('withServedKeys for the public registry', () => {
  it('adds no key the embedded list lacks', () => {
    const keys = withServedKeys(base, list({ keyid: 'SHA256:new', key: spki(otherKey) }), PUBLIC, true);
    expect(keys.findSignatureKey('SHA256:new')).toBeUndefined();
  });

  it('does not extend an embedded key served without its expiry', () => {
    const keys = withServedKeys(base, list({ keyid: embedded.keyId, key: spki(embeddedKey) }), PUBLIC, true);
    expect(keys.findSignatureKey(embedded.keyId)?.validFor(new Date('2026-01-01T00:00:00Z'))).toBe(false);
  });

  it('refuses another key under an embedded id, on any registry (ErrorInvalidTrustedRoot)', () => {
    for (const isPublic of [true, false]) {
      expect(codeOf(() => withServedKeys(base, list({ keyid: embedded.keyId, key: spki(otherKey) }), isPublic ? PUBLIC : 'https://npm.internal.example/', isPublic))).toBe('ErrorInvalidTrustedRoot');
    }
  });
});
