import { describe, expect, it } from 'vitest';
import { checkKeyedFlags } from '../../src/keyed/keyed-flags.js';
import { codeOf } from '../support/code-of.js';

describe('checkKeyedFlags', () => {
  it('returns the builder id, which is required', () => {
    expect(checkKeyedFlags({ publicKey: 'k.pem', builderId: 'https://b@v1' })).toBe('https://b@v1');
    expect(codeOf(() => checkKeyedFlags({ publicKey: 'k.pem' }))).toBe('ErrorUsage');
    expect(codeOf(() => checkKeyedFlags({ publicKey: 'k.pem', builderId: '' }))).toBe('ErrorUsage');
  });

  it('refuses --public-key-id alone and --save-bundle', () => {
    expect(codeOf(() => checkKeyedFlags({ builderId: 'b' }))).toBe('ErrorUsage');
    expect(codeOf(() => checkKeyedFlags({ publicKey: 'k.pem', builderId: 'b', saveBundle: 'out.json' }))).toBe('ErrorUsage');
  });
});
