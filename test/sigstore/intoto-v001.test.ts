import { createHash, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dsseEnvelopeSchema } from '../../src/input/evidence.js';
import { bundleFromEntry, toBundleTlogEntry } from '../../src/rekor/bundle-from-entry.js';
import { loadTrustRoot } from '../../src/sigstore/trusted-root.js';
import { verifyProvenanceBundle } from '../../src/sigstore/verify-bundle.js';
import { REPO } from '../cli/run-cli.js';
import { buildLegacyLog, loggedIntotoV001 } from '../rekor/legacy-log.js';
import { codeOf } from '../support/code-of.js';

// Bundles carrying a Rekor intoto v0.0.1 entry (legacy slsa-github-generator), which sigstore-js cannot bind itself.
const trust = loadTrustRoot(join(REPO, 'fixtures/trusted_root.json'));
const log = buildLegacyLog();
const envelope = dsseEnvelopeSchema.parse(JSON.parse(log.raw));
const sha256 = (b: string | Buffer): string => createHash('sha256').update(b).digest('hex');
const cert = new X509Certificate(log.certificatePem);
const inWindow = Math.floor(new Date(cert.validFrom).getTime() / 1000) + 4;
const otherCertificatePem = (() => {
  const valid = JSON.parse(readFileSync(join(REPO, 'fixtures/provenance/valid.intoto.jsonl'), 'utf8')) as {
    verificationMaterial: { certificate: { rawBytes: string } };
  };
  return new X509Certificate(Buffer.from(valid.verificationMaterial.certificate.rawBytes, 'base64')).toString();
})();


const fields = { envelopeHash: sha256(log.raw), payloadHash: sha256(log.payload), certificatePem: log.certificatePem, integratedTime: inWindow };

describe('intoto v0.0.1 log entries', () => {
  it('verify when the entry records this payload and this certificate', () => {
    const verified = verifyProvenanceBundle(bundleFromEntry(envelope, log.certificatePem, log.intotoV001.entry), trust);
    expect(verified.logIndex).toBe(String(log.intotoV001.entry.logIndex));
    expect(verified.signingTime?.getTime()).toBe(log.intotoV001.entry.integratedTime * 1000);
  });

  it('fail (ErrorNoValidRekorEntries) when the entry records another payload', () => {
    const entry = loggedIntotoV001({ ...fields, payloadHash: sha256('another payload') });
    expect(codeOf(() => verifyProvenanceBundle(bundleFromEntry(envelope, log.certificatePem, entry.entry), trust))).toBe('ErrorNoValidRekorEntries');
  });

  it('fail (ErrorNoValidRekorEntries) when the entry records another certificate', () => {
    const entry = loggedIntotoV001({ ...fields, certificatePem: otherCertificatePem });
    expect(codeOf(() => verifyProvenanceBundle(bundleFromEntry(envelope, log.certificatePem, entry.entry), trust))).toBe('ErrorNoValidRekorEntries');
  });

  it('fail (ErrorInvalidCertificate) when the entry was integrated after the certificate expired', () => {
    const late = Math.floor(new Date(cert.validTo).getTime() / 1000) + 60;
    const entry = loggedIntotoV001({ ...fields, integratedTime: late });
    expect(codeOf(() => verifyProvenanceBundle(bundleFromEntry(envelope, log.certificatePem, entry.entry), trust))).toBe('ErrorInvalidCertificate');
  });

  it('fail (ErrorInvalidRekorEntry) on a forged signed entry timestamp', () => {
    expect(codeOf(() => verifyProvenanceBundle(bundleFromEntry(envelope, log.certificatePem, log.forgedSet.entry), trust))).toBe('ErrorInvalidRekorEntry');
  });

  it('fail (ErrorInvalidRekorEntry) unless the entry is the only one', () => {
    const bundle = bundleFromEntry(envelope, log.certificatePem, log.intotoV001.entry) as { verificationMaterial: { tlogEntries: object[] } };
    bundle.verificationMaterial.tlogEntries.push(toBundleTlogEntry(log.dsse.entry));
    expect(codeOf(() => verifyProvenanceBundle(bundle, trust))).toBe('ErrorInvalidRekorEntry');
  });
});
