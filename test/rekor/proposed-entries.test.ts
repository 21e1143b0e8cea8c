import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { dsseEnvelopeSchema } from '../../src/input/evidence.js';
import { proposedEntries } from '../../src/rekor/proposed-entries.js';
import { buildLegacyLog } from './legacy-log.js';

const log = buildLegacyLog();
const envelope = dsseEnvelopeSchema.parse(JSON.parse(log.raw));
const key = Buffer.from(log.certificatePem).toString('base64');

describe('proposedEntries', () => {
  const [v001, v002, dsseRaw, dsseBare] = proposedEntries({ raw: log.raw, envelope, certificatePem: log.certificatePem });

  it('proposes intoto v0.0.1 with the line as written (slsa-verifier)', () => {
    expect(v001).toEqual({ apiVersion: '0.0.1', kind: 'intoto', spec: { content: { envelope: log.raw }, publicKey: key } });
  });

  it('proposes intoto v0.0.2 with double-base64 payload and signature (sigstore-js)', () => {
    const content = (v002?.spec as { content: { envelope: { payload: string; signatures: { sig: string; publicKey: string }[] }; payloadHash: { value: string } } }).content;
    expect(v002?.apiVersion).toBe('0.0.2');
    expect(Buffer.from(Buffer.from(content.envelope.payload, 'base64').toString(), 'base64')).toEqual(log.payload);
    expect(Buffer.from(content.envelope.signatures[0]!.sig, 'base64').toString()).toBe(envelope.signatures[0]!.sig);
    expect(content.envelope.signatures[0]!.publicKey).toBe(key);
    expect(content.payloadHash.value).toBe(createHash('sha256').update(log.payload).digest('hex'));
  });

  it('proposes dsse v0.0.1 for the line and for the envelope without its cert field', () => {
    expect(dsseRaw).toEqual({ apiVersion: '0.0.1', kind: 'dsse', spec: { proposedContent: { envelope: log.raw, verifiers: [key] } } });
    const bare = JSON.parse((dsseBare?.spec as { proposedContent: { envelope: string } }).proposedContent.envelope) as { signatures: object[] };
    expect(bare.signatures).toEqual([{ sig: envelope.signatures[0]!.sig }]);
  });
});
