import { X509Certificate } from '@sigstore/core';
import type { TransparencyLogEntry } from '@sigstore/bundle';
import { describe, expect, it } from 'vitest';
import { VerifyError } from '../../src/errors/index.js';
import { parseCertificateDer } from '../../src/sigstore/certificate-der.js';
import { certificateClaims } from '../../src/sigstore/certificate-claims.js';
import { parseSigstoreBundle } from '../../src/sigstore/parse-bundle.js';
import { checkEntryCopies } from '../../src/sigstore/tlog-entry.js';
import { trustRootFromJson } from '../../src/sigstore/trusted-root.js';
import { verifyProvenanceBundle } from '../../src/sigstore/verify-bundle.js';
import { codeOf } from '../support/code-of.js';
import { hostileEvidence, type Bundle } from './hostile-evidence.js';

const evidence = hostileEvidence();
const trust = trustRootFromJson(evidence.trustedRoot, 'test root');
const verify = (bundle: unknown) => codeOf(() => verifyProvenanceBundle(bundle, trust));

function messageOf(run: () => unknown): string {
  try {
    run();
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
  return '';
}

function edited(id: string, edit: (b: Bundle) => void): Bundle {
  const bundle = evidence.bundle(id);
  edit(bundle);
  return bundle;
}

const flipByte = (b64: string, index: number): string => {
  const bytes = Buffer.from(b64, 'base64');
  const at = index < 0 ? bytes.length + index : index;
  bytes[at] = bytes[at]! ^ 0x01;
  return bytes.toString('base64');
};

describe('duplicate X.509 extensions (Go: "certificate contains duplicate extensions")', () => {
  it('the valid twins verify', () => {
    for (const id of ['hostile-valid-v03', 'hostile-valid-v01', 'hostile-valid-v02']) expect(verify(evidence.bundle(id))).toBeUndefined();
  });

  it.each(['hostile-dup-ext-v03', 'hostile-dup-ext-v01'])('refuses a validly issued and logged certificate with two 1.8 issuers (%s)', (id) => {
    expect(verify(evidence.bundle(id))).toBe('ErrorInvalidCertificate');
    expect(messageOf(() => verifyProvenanceBundle(evidence.bundle(id), trust))).toContain('repeats extension 1.3.6.1.4.1.57264.1.8');
  });

  it('refuses it where claims are decoded too (inspect reads claims without verifying)', () => {
    const der = Buffer.from(evidence.bundle('hostile-dup-ext-v03').verificationMaterial.certificate!.rawBytes, 'base64');
    expect(codeOf(() => certificateClaims(X509Certificate.parse(der)))).toBe('ErrorInvalidCertificate');
  });
});

describe('certificate bytes outside the signed TBSCertificate', () => {
  const der = Buffer.from(evidence.bundle('hostile-valid-v03').verificationMaterial.certificate!.rawBytes, 'base64');
  const cert = X509Certificate.parse(der);
  const signature = cert.root.subs[2]!;
  const unusedBitsAt = der.length - signature.value.length;
  const outerAlgorithmAt = der.length - signature.toDER().length - cert.root.subs[1]!.toDER().length;

  it('parses the unmodified certificate', () => {
    expect(() => parseCertificateDer(der, 'leaf')).not.toThrow();
  });

  it.each([
    ['the outer tag (SEQUENCE -> SET)', 0],
    ['the BIT STRING unused-bits count', unusedBitsAt],
    ['the last byte of the outer signature algorithm', outerAlgorithmAt + cert.root.subs[1]!.toDER().length - 1],
  ])('refuses a change of %s', (_what, offset) => {
    const changed = Buffer.from(der);
    changed[offset] = changed[offset]! ^ 0x01;
    expect(codeOf(() => parseCertificateDer(changed, 'leaf'))).toBe('ErrorInvalidCertificate');
  });
});

describe('chain certificates a bundle carries after the leaf', () => {
  it('may be left out (the chain is built from the trusted root)', () => {
    expect(verify(edited('hostile-valid-v01', (b) => b.verificationMaterial.x509CertificateChain!.certificates.splice(1)))).toBeUndefined();
  });

  it('must be certificates of the trusted root', () => {
    const leafTwice = edited('hostile-valid-v01', (b) => {
      const chain = b.verificationMaterial.x509CertificateChain!.certificates;
      chain[1] = chain[0]!;
    });
    expect(verify(leafTwice)).toBe('ErrorInvalidCertificate');
  });
});

describe('inclusion proof copies of the signed checkpoint', () => {
  it('refuses a root hash that is not the checkpoint\'s', () => {
    const bundle = edited('hostile-valid-v03', (b) => {
      const proof = b.verificationMaterial.tlogEntries[0]!.inclusionProof!;
      proof.rootHash = flipByte(proof.rootHash, 0);
    });
    expect(verify(bundle)).toBe('ErrorInvalidRekorEntry');
  });

  it.each([1, -1])('refuses a tree size that is not the checkpoint\'s (%i)', (delta) => {
    const bundle = edited('hostile-valid-v02', (b) => {
      const proof = b.verificationMaterial.tlogEntries[0]!.inclusionProof!;
      proof.treeSize = String(Number(proof.treeSize) + delta);
    });
    expect(verify(bundle)).toBe('ErrorInvalidRekorEntry');
  });

  it('refuses a proof whose index is above the entry\'s global index', () => {
    const entry = {
      logIndex: '5', logId: { keyId: Buffer.alloc(32) }, kindVersion: { kind: 'dsse', version: '0.0.1' }, integratedTime: '1',
      inclusionPromise: undefined, canonicalizedBody: Buffer.from(JSON.stringify({ kind: 'dsse', apiVersion: '0.0.1', spec: { signatures: [{ signature: 'AA==', verifier: 'AA==' }] } })),
      inclusionProof: { logIndex: '6', rootHash: Buffer.alloc(32), treeSize: '7', hashes: [], checkpoint: { envelope: `o - 1\n7\n${Buffer.alloc(32).toString('base64')}\n\n\u2014 o AAAAAAAA\n` } },
    } satisfies TransparencyLogEntry;
    expect(codeOf(() => checkEntryCopies(entry))).toBe('ErrorInvalidRekorEntry');
    expect(codeOf(() => checkEntryCopies({ ...entry, logIndex: '6' }))).toBeUndefined();
    // A Rekor v2 log is not sharded: the two indexes are one number.
    const v2Body = Buffer.from(JSON.stringify({ kind: 'dsse', apiVersion: '0.0.2', spec: {} }));
    const v2 = { ...entry, kindVersion: { kind: 'dsse', version: '0.0.2' }, canonicalizedBody: v2Body };
    expect(codeOf(() => checkEntryCopies({ ...v2, logIndex: '7' }))).toBe('ErrorInvalidRekorEntry');
    expect(codeOf(() => checkEntryCopies({ ...v2, logIndex: '6' }))).toBeUndefined();
  });

  it('refuses an entry whose kindVersion is not its body\'s', () => {
    const bundle = edited('hostile-valid-v03', (b) => (b.verificationMaterial.tlogEntries[0]!.kindVersion.kind = 'intoto'));
    expect(verify(bundle)).toBe('ErrorInvalidRekorEntry');
  });
});

describe('shapes the library would meet as a TypeError (bundle shape checked with zod first)', () => {
  const cases: [string, (b: Bundle) => void][] = [
    ['a v0.1 inclusion proof without a checkpoint', (b) => {
      const proof = evidence.bundle('hostile-valid-v03').verificationMaterial.tlogEntries[0]!.inclusionProof!;
      const { checkpoint: _dropped, ...rest } = proof;
      b.verificationMaterial.tlogEntries[0]!.inclusionProof = rest as typeof proof;
    }],
    ['a null log id', (b) => ((b.verificationMaterial.tlogEntries[0] as unknown as Record<string, unknown>)['logId'] = null)],
    ['an inclusion promise as an array', (b) => ((b.verificationMaterial.tlogEntries[0] as unknown as Record<string, unknown>)['inclusionPromise'] = [])],
    ['a number as the payload', (b) => ((b.dsseEnvelope as unknown as Record<string, unknown>)['payload'] = 7)],
    ['an unknown member', (b) => ((b.verificationMaterial as unknown as Record<string, unknown>)['extra'] = {})],
    ['base64 with a character outside the alphabet', (b) => (b.dsseEnvelope.signatures[0]!.sig = `${b.dsseEnvelope.signatures[0]!.sig.slice(0, 8)}!${b.dsseEnvelope.signatures[0]!.sig.slice(9)}`)],
    ['a log index that is not a number', (b) => (b.verificationMaterial.tlogEntries[0]!.logIndex = '12a')],
    ['timestampVerificationData as an array', (b) => ((b.verificationMaterial as unknown as Record<string, unknown>)['timestampVerificationData'] = [])],
  ];
  it.each(cases)('%s: ErrorInvalidFormat in the tool\'s words', (_what, edit) => {
    const bundle = edited('hostile-valid-v01', edit);
    const run = () => verifyProvenanceBundle(bundle, trust);
    expect(codeOf(run)).toBe('ErrorInvalidFormat');
    expect(messageOf(run)).not.toMatch(/Cannot read|undefined|is not/);
  });

  it('the same door serves every caller: a direct parse refuses it too', () => {
    const bundle = edited('hostile-valid-v01', (b) => ((b as unknown as Record<string, unknown>)['mediaType'] = 'application/vnd.dev.sigstore.bundle+json;version=0.9'));
    expect(() => parseSigstoreBundle(bundle)).toThrow(VerifyError);
  });
});
