import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadTrustConfig } from '../../src/gcb/trust-config.js';

const dir = mkdtempSync(join(tmpdir(), 'trust-config-'));
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();

function config(json: unknown): string {
  const path = join(dir, `c-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(path, typeof json === 'string' ? json : JSON.stringify(json));
  return path;
}

describe('--trust-config', () => {
  it('loads a keys directory and named keys (file or inline PEM)', () => {
    const keysDir = mkdtempSync(join(dir, 'keys-'));
    writeFileSync(join(keysDir, 'us-central1.key'), ec);
    writeFileSync(join(dir, 'global.pem'), ec);
    const loaded = loadTrustConfig(config({ gcb: { keysDir, keys: { global: 'global.pem', 'europe-west1': ec } } }));
    expect([...loaded.gcbKeys.keys()].sort()).toEqual(['europe-west1', 'global', 'us-central1']);
  });

  it('rejects unknown fields, bad JSON, non-ECDSA keys and missing files', () => {
    expect(() => loadTrustConfig(config({ gcb: { key: {} } }))).toThrow(expect.objectContaining({ code: 'ErrorInvalidTrustConfig' }));
    expect(() => loadTrustConfig(config('{'))).toThrow(expect.objectContaining({ code: 'ErrorInvalidTrustConfig' }));
    expect(() => loadTrustConfig(config({ gcb: { keys: { x: rsa } } }))).toThrow(expect.objectContaining({ code: 'ErrorInvalidTrustConfig' }));
    expect(() => loadTrustConfig(config({ gcb: { keys: { x: 'missing.pem' } } }))).toThrow(expect.objectContaining({ code: 'ErrorUnreadableFile' }));
  });
});
