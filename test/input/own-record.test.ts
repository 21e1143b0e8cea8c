import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { emptyRecord, ownRecord } from '../../src/input/own-record.js';
import { parseNpmLock } from '../../src/lockfile/npm-lock.js';
import { parsePublishStatement } from '../../src/npm/publish-statement.js';
import { loadPins } from '../../src/pins/pins-file.js';
import { parsePolicy } from '../../src/policy/load-policy.js';
import { parseStatement } from '../../src/provenance/statement.js';
import { vsaFromEnvelope } from '../../src/vsa/statement.js';
import { codeOf } from '../support/code-of.js';

const HOSTILE = '{"__proto__":"p","constructor":"c","toString":"t","":"e"}';

describe('ownRecord', () => {
  it('keeps every own key, "__proto__" included, in a map without a prototype', () => {
    const out = ownRecord(z.string()).parse(JSON.parse(HOSTILE));
    expect(Object.getPrototypeOf(out)).toBeNull();
    expect(Object.keys(out)).toEqual(['__proto__', 'constructor', 'toString', '']);
    expect(out['__proto__']).toBe('p');
    expect(out['hasOwnProperty']).toBeUndefined();
  });

  it('checks the value under "__proto__" like any other (zod\'s record skips it)', () => {
    const json = JSON.parse('{"__proto__":{"polluted":true},"a":"b"}') as unknown;
    expect(z.record(z.string(), z.string()).safeParse(json).success).toBe(true);
    const result = ownRecord(z.string()).safeParse(json);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['__proto__']);
  });

  it('checks keys, and refuses what is not an object', () => {
    expect(ownRecord(z.string(), z.string().min(1)).safeParse({ '': 'x' }).success).toBe(false);
    for (const bad of [null, [], 'x', 1]) expect(ownRecord(z.string()).safeParse(bad).success).toBe(false);
  });

  it('emptyRecord has no prototype either', () => {
    const map = emptyRecord<string>();
    map['__proto__'] = 'x';
    expect(Object.keys(map)).toEqual(['__proto__']);
  });
});

describe('maps keyed by signed or user strings keep those keys', () => {
  const bytes = (v: unknown) => new TextEncoder().encode(typeof v === 'string' ? v : JSON.stringify(v));

  it('provenance subject digests, and the npm publish statement', () => {
    const payload = `{"_type":"https://in-toto.io/Statement/v0.1","predicateType":"https://slsa.dev/provenance/v0.2","subject":[{"name":"a","digest":${HOSTILE}}],"predicate":{}}`;
    expect(Object.keys(parseStatement('application/vnd.in-toto+json', bytes(payload)).subject[0]!.digest)).toEqual(['__proto__', 'constructor', 'toString', '']);
    const publish = parsePublishStatement(bytes(`{"subject":[{"name":"a","digest":${HOSTILE}}]}`));
    expect(Object.keys(publish.subject[0]!.digest)).toContain('__proto__');
    expect(codeOf(() => parsePublishStatement(bytes('{"subject":[{"name":"a","digest":{"__proto__":{}}}]}')))).toBe('ErrorInvalidDssePayload');
  });

  it('VSA subject digests', () => {
    const vsa = { _type: 'https://in-toto.io/Statement/v1', predicateType: 'https://slsa.dev/verification_summary/v1', subject: [{ name: 'a', digest: JSON.parse(HOSTILE) as unknown }], predicate: {} };
    const parsed = vsaFromEnvelope({ payloadType: 'application/vnd.in-toto+json', payload: Buffer.from(JSON.stringify(vsa)).toString('base64'), signatures: [] } as never);
    expect(Object.keys(parsed.vsa.subject[0]!.digest)).toEqual(['__proto__', 'constructor', 'toString', '']);
  });

  it('policy workflow inputs', () => {
    const policy = parsePolicy('version: 1\nworkflowInputs: { __proto__: "x", constructor: "y" }\n', 'p.yaml');
    expect(Object.keys(policy.workflowInputs ?? {})).toEqual(['__proto__', 'constructor']);
  });

  it('pins and package-lock entries: a "__proto__" entry is read and checked, not skipped', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'own-record-'));
    const pins = join(dir, 'pins.json');
    writeFileSync(pins, '{"schemaVersion":1,"pins":{"__proto__":"not an identity"}}');
    await expect(loadPins(pins)).rejects.toMatchObject({ code: 'ErrorUsage' });
    const lock = JSON.parse('{"lockfileVersion":3,"packages":{"__proto__":7}}') as unknown;
    expect(codeOf(() => parseNpmLock(lock, 'package-lock.json'))).toBe('ErrorUsage');
  });
});

describe('z.record stays out of the stages', () => {
  // zod's record skips a "__proto__" key without a word and builds a plain object:
  // every map parsed from untrusted input goes through ownRecord instead.
  it('is used only for the embedded TUF seeds (trusted, shipped with the tool)', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const src = new URL('../../src/', import.meta.url).pathname;
    const files = (readdirSync(src, { recursive: true }) as string[]).filter((f) => f.endsWith('.ts') && !f.startsWith('tools/') && !f.startsWith('report/'));
    const users = files.filter((f) => /\bz\.record\(/.test(readFileSync(join(src, f), 'utf8')));
    expect(users).toEqual(['sigstore/trusted-root.ts']);
  });
});
