import { describe, expect, it } from 'vitest';
import { parseProvenance } from '../../src/input/read-provenance.js';
import { codeOf } from '../support/code-of.js';

const envelope = { payloadType: 'application/vnd.in-toto+json', payload: 'e30=', signatures: [{ keyid: '', sig: 'AAAA' }] };
const bundle = {
  mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
  verificationMaterial: { certificate: { rawBytes: 'AAAA' }, tlogEntries: [] },
  dsseEnvelope: envelope,
};
const bytes = (s: string) => new TextEncoder().encode(s);

describe('parseProvenance', () => {
  it('reads one pretty-printed bundle as one document', () => {
    const out = parseProvenance(bytes(JSON.stringify(bundle, null, 2)));
    expect(out.map((e) => e.kind)).toEqual(['bundle']);
  });

  it('reads JSON Lines of bundles and envelopes, keeping line numbers', () => {
    const text = `${JSON.stringify(bundle)}\n\n${JSON.stringify(envelope)}\n`;
    const out = parseProvenance(bytes(text));
    expect(out.map((e) => [e.kind, e.line])).toEqual([['bundle', 1], ['dsse', 3]]);
  });

  it('fails closed on a line that is not JSON', () => {
    expect(codeOf(() => parseProvenance(bytes(`${JSON.stringify(bundle)}\n{oops`)))).toBe('ErrorInvalidFormat');
  });

  it('fails closed on an empty file', () => {
    expect(codeOf(() => parseProvenance(bytes('  \n')))).toBe('ErrorInvalidFormat');
  });

  it('rejects invalid UTF-8', () => {
    expect(codeOf(() => parseProvenance(new Uint8Array([0x7b, 0xff, 0x7d])))).toBe('ErrorInvalidFormat');
  });

  it('rejects a bundle with two DSSE signatures (the library would check only the first)', () => {
    const two = { ...bundle, dsseEnvelope: { ...envelope, signatures: [{ sig: 'AAAA' }, { sig: 'BBBB' }] } };
    expect(codeOf(() => parseProvenance(bytes(JSON.stringify(two))))).toBe('ErrorInvalidFormat');
  });

  it('rejects a message-signature bundle and unknown media types', () => {
    const { dsseEnvelope: _drop, ...noEnvelope } = bundle;
    expect(codeOf(() => parseProvenance(bytes(JSON.stringify({ ...noEnvelope, messageSignature: {} }))))).toBe('ErrorInvalidFormat');
    expect(codeOf(() => parseProvenance(bytes(JSON.stringify({ ...bundle, mediaType: 'application/vnd.dev.sigstore.bundle.v9+json' }))))).toBe('ErrorInvalidFormat');
  });

  it('rejects JSON that is neither a bundle nor an envelope', () => {
    expect(codeOf(() => parseProvenance(bytes('{"hello":"world"}')))).toBe('ErrorInvalidFormat');
    expect(codeOf(() => parseProvenance(bytes('[]')))).toBe('ErrorInvalidFormat');
  });
});
