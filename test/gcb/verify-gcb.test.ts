import { describe, expect, it } from 'vitest';
import { verifyGcbProvenance, type GcbPolicy } from '../../src/gcb/verify-gcb.js';
import { BUILDER, DIGEST, GLOBAL_V01_KEY_ID, SOURCE, gcloudJson, keyPair, statement } from './fixture.js';

const signer = keyPair();
const keys = new Map([['us-central1', signer.publicKey], ['global-pae-provenanceSigner_1', signer.publicKey]]);
const policy: GcbPolicy = { sourceUri: SOURCE, builderId: BUILDER };

describe('Cloud Build provenance', () => {
  it('passes with a regional signature over the payload and names the key', () => {
    const out = verifyGcbProvenance(gcloudJson({ privateKey: signer.privateKey }), DIGEST, policy, keys);
    expect(out.error?.code).toBeUndefined();
    expect(out.ok).toBe(true);
    expect(out.keyName).toBe('us-central1');
    expect(out.builderId).toBe(BUILDER);
  });

  it('passes with the global key over the DSSE PAE', () => {
    const file = gcloudJson({ privateKey: signer.privateKey, keyId: GLOBAL_V01_KEY_ID, pae: true });
    const out = verifyGcbProvenance(file, DIGEST, policy, keys);
    expect(out.ok).toBe(true);
    expect(out.keyName).toBe('global-pae-provenanceSigner_1');
  });

  it('a PAE signature presented as a regional one does not verify', () => {
    const out = verifyGcbProvenance(gcloudJson({ privateKey: signer.privateKey, pae: true }), DIGEST, policy, keys);
    expect(out.error?.code).toBe('ErrorNoValidSignature');
  });

  it('an invalid signature (tampered payload) fails', () => {
    const file = JSON.parse(gcloudJson({ privateKey: signer.privateKey }).toString()) as { provenance_summary: { provenance: { envelope: { payload: string } }[] } };
    const entry = file.provenance_summary.provenance[0]!;
    entry.envelope.payload = Buffer.from(JSON.stringify(statement('0'.repeat(64)))).toString('base64');
    const out = verifyGcbProvenance(Buffer.from(JSON.stringify(file)), DIGEST, policy, keys);
    expect(out.ok).toBe(false);
    expect(out.error?.code).toBe('ErrorNoValidSignature');
  });

  it('a signature by another key fails, and so does a key missing from the trust config', () => {
    const other = keyPair();
    expect(verifyGcbProvenance(gcloudJson({ privateKey: other.privateKey }), DIGEST, policy, keys).error?.code).toBe('ErrorNoValidSignature');
    expect(verifyGcbProvenance(gcloudJson({ privateKey: signer.privateKey }), DIGEST, policy, new Map()).error?.code).toBe('ErrorNoValidSignature');
  });

  it('the text copy must equal the signed statement', () => {
    const text = statement();
    (text['predicate'] as { materials: { uri: string }[] }).materials[0]!.uri = 'git+https://github.com/evil/repo';
    const out = verifyGcbProvenance(gcloudJson({ privateKey: signer.privateKey, text }), DIGEST, policy, keys);
    expect(out.error?.code).toBe('ErrorMismatchIntoto');
  });

  it('ignores what Go ignores: unknown fields and key case in the text copy', () => {
    const text = { ...statement(), extra: true, PredicateType: 'https://slsa.dev/provenance/v0.1' };
    expect(verifyGcbProvenance(gcloudJson({ privateKey: signer.privateKey, text }), DIGEST, policy, keys).ok).toBe(true);
  });

  it('provenance for another image fails on the subject digest', () => {
    const out = verifyGcbProvenance(gcloudJson({ privateKey: signer.privateKey }), 'f'.repeat(64), policy, keys);
    expect(out.error?.code).toBe('ErrorMismatchHash');
  });

  it('checks source, builder, tag and versioned tag; branch is not supported', () => {
    const file = gcloudJson({ privateKey: signer.privateKey });
    const run = (p: Partial<GcbPolicy>) => verifyGcbProvenance(file, DIGEST, { ...policy, ...p }, keys).error?.code;
    expect(run({ sourceUri: 'github.com/owner/other' })).toBe('ErrorMismatchSource');
    expect(run({ builderId: 'https://cloudbuild.googleapis.com/GoogleHostedWorker@v0.2' })).toBe('ErrorMismatchBuilderID');
    expect(run({ sourceTag: 'v1.2.3' })).toBeUndefined();
    expect(run({ sourceTag: 'v1.2' })).toBe('ErrorMismatchTag');
    expect(run({ sourceVersionedTag: 'v1.2' })).toBeUndefined();
    expect(run({ sourceVersionedTag: 'v2' })).toBe('ErrorMismatchVersionedTag');
    expect(run({ sourceBranch: 'main' })).toBe('ErrorNotSupported');
  });

  it('malformed files fail closed', () => {
    expect(verifyGcbProvenance(Buffer.from('not json'), DIGEST, policy, keys).error?.code).toBe('ErrorInvalidDssePayload');
    expect(verifyGcbProvenance(Buffer.from('{"provenance_summary":{"provenance":[]}}'), DIGEST, policy, keys).error?.code).toBe('ErrorInvalidDssePayload');
    expect(verifyGcbProvenance(Buffer.from('{"image_summary":{"digest":5}}'), DIGEST, policy, keys).error?.code).toBe('ErrorInvalidDssePayload');
  });
});
