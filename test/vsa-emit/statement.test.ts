import { describe, expect, it } from 'vitest';
import { VerifyError } from '../../src/errors/index.js';
import { prepareVsaEmitter } from '../../src/vsa-emit/emitter.js';
import { lowestLevel } from '../../src/vsa-emit/levels.js';
import { buildVsaStatement, DEFAULT_VERIFIER_ID, type VsaFacts } from '../../src/vsa-emit/statement.js';

const FACTS: VsaFacts = {
  subjects: [{ name: 'a.txt', digest: { sha256: 'ab'.repeat(32) } }],
  resourceUri: 'a.txt',
  inputAttestations: [{ uri: 'a.intoto.jsonl', digest: { sha256: 'cd'.repeat(32) } }],
  buildLevel: 3,
  policy: { command: 'verify-artifact', sourceUri: 'github.com/o/r', builderId: undefined },
};

describe('buildVsaStatement', () => {
  it('writes a VSA v1 predicate with a self-describing data: policy', () => {
    const statement = buildVsaStatement(FACTS, DEFAULT_VERIFIER_ID, 'a.txt', new Date('2026-01-02T03:04:05.678Z'));
    expect(statement.predicate).toMatchObject({
      verifier: { id: 'https://github.com/slsa-verify/slsa-verify' },
      timeVerified: '2026-01-02T03:04:05Z',
      verificationResult: 'PASSED',
      verifiedLevels: ['SLSA_BUILD_LEVEL_3'],
      slsaVersion: '1.0',
    });
    expect(decodeURIComponent(statement.predicate.policy.uri ?? '')).toBe('data:application/json,{"command":"verify-artifact","sourceUri":"github.com/o/r"}');
  });

  it('claims no level when one subject has none, else the lowest', () => {
    expect(lowestLevel([3, 2])).toBe(2);
    expect(lowestLevel([3, undefined])).toBeUndefined();
    expect(lowestLevel([])).toBeUndefined();
    expect(buildVsaStatement({ ...FACTS, buildLevel: undefined }, 'v', 'r', new Date()).predicate.verifiedLevels).toEqual([]);
  });
});

describe('prepareVsaEmitter', () => {
  it('is off without --emit-vsa, and refuses its companions alone', async () => {
    expect(await prepareVsaEmitter({})).toBeUndefined();
    await expect(prepareVsaEmitter({ vsaKeyId: 'k' })).rejects.toMatchObject({ code: 'ErrorUsage' });
    await expect(prepareVsaEmitter({ emitVsa: '/tmp/x', vsaKeyId: 'k' })).rejects.toBeInstanceOf(VerifyError);
  });

  it('refuses to emit a subject without a digest, or without a resource', async () => {
    const emitter = await prepareVsaEmitter({ emitVsa: '/nonexistent-dir/vsa.json' });
    await expect(emitter!.emit({ ...FACTS, subjects: [{ name: 'a', digest: {} }] })).rejects.toMatchObject({ code: 'ErrorInternal' });
    await expect(emitter!.emit({ ...FACTS, resourceUri: undefined })).rejects.toMatchObject({ code: 'ErrorUsage' });
    await expect(emitter!.emit(FACTS)).rejects.toMatchObject({ code: 'ErrorUsage' });
  });
});
