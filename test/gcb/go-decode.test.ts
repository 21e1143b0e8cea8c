import { describe, expect, it } from 'vitest';
import { goDecode, goDeepEqual, goMap, goString } from '../../src/gcb/go-decode.js';
import { verifyGcbProvenance } from '../../src/gcb/verify-gcb.js';
import { BUILDER, DIGEST, SOURCE, gcloudJson, keyPair, statement } from './fixture.js';

describe('Go maps keyed by signed strings', () => {
  it('keep "__proto__", "constructor" and "toString" as ordinary keys', () => {
    const decoded = goDecode(JSON.parse('{"__proto__":"x","constructor":"y","toString":"z"}'), goMap(goString)) as Record<string, unknown>;
    expect(Object.keys(decoded)).toEqual(['__proto__', 'constructor', 'toString']);
    expect(Object.getPrototypeOf(decoded)).toBeNull();
    expect(goDeepEqual(decoded, goDecode(JSON.parse('{"constructor":"y","toString":"z"}'), goMap(goString)))).toBe(false);
  });

  it('a signed statement with a "__proto__" digest entry the text copy lacks is not the same statement', () => {
    const signer = keyPair();
    const signed = statement();
    const material = (signed['predicate'] as { materials: { digest: Record<string, string> }[] }).materials[0]!;
    material.digest = JSON.parse(`{"sha1":"${material.digest['sha1']!}","__proto__":"x"}`) as Record<string, string>;
    const out = verifyGcbProvenance(gcloudJson({ privateKey: signer.privateKey, signed, text: statement() }), DIGEST, { sourceUri: SOURCE, builderId: BUILDER }, new Map([['us-central1', signer.publicKey]]));
    expect(out.error?.code).toBe('ErrorMismatchIntoto');
  });
});
