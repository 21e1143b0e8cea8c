import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseProvenance } from '../../src/input/read-provenance.js';
import { loadTrustRoot } from '../../src/sigstore/trusted-root.js';
import { verifyProvenanceBundle } from '../../src/sigstore/verify-bundle.js';
import { codeOf } from '../support/code-of.js';

const FIXTURES = join(import.meta.dirname, '../../fixtures');
const trust = loadTrustRoot(join(FIXTURES, 'trusted_root.json'));

function firstLine(file: string): unknown {
  const [evidence] = parseProvenance(readFileSync(join(FIXTURES, 'provenance', file)));
  if (evidence?.kind !== 'bundle') throw new Error(`${file} is not a bundle`);
  return evidence.json;
}

describe('verifyProvenanceBundle', () => {
  it('verifies a v0.3 bundle and decodes the signer claims', () => {
    const verified = verifyProvenanceBundle(firstLine('valid.intoto.jsonl'), trust);
    expect(verified.payloadType).toBe('application/vnd.in-toto+json');
    expect(verified.certificate.subjectAlternativeName).toMatch(/generator_generic_slsa3\.yml@refs\/tags\/v2\.1\.0$/);
    expect(verified.certificate.sourceRepositoryUri).toBe('https://github.com/slsa-verify-fixtures/hello');
    expect(verified.signingTime?.toISOString()).toMatch(/^2025-/);
  });

  it('verifies v0.1 and v0.2 bundles with certificate chains', () => {
    expect(codeOf(() => verifyProvenanceBundle(firstLine('valid-bundle-v0.1.intoto.jsonl'), trust))).toBeUndefined();
    expect(codeOf(() => verifyProvenanceBundle(firstLine('valid-bundle-v0.2.intoto.jsonl'), trust))).toBeUndefined();
  });

  const hostile: [string, string][] = [
    ['tampered-payload.intoto.jsonl', 'ErrorInvalidSignature'],
    ['other-key.intoto.jsonl', 'ErrorInvalidSignature'],
    ['expired-cert.intoto.jsonl', 'ErrorInvalidCertificate'],
    ['untrusted-ca.intoto.jsonl', 'ErrorInvalidCertificate'],
    ['no-sct.intoto.jsonl', 'ErrorInvalidCertificate'],
    ['wrong-log-body.intoto.jsonl', 'ErrorNoValidRekorEntries'],
    ['forged-promise.intoto.jsonl', 'ErrorInvalidRekorEntry'],
    ['bad-inclusion-proof.intoto.jsonl', 'ErrorInvalidRekorEntry'],
    ['bundle-without-tlog.intoto.jsonl', 'ErrorNoValidRekorEntries'],
  ];
  for (const [file, code] of hostile) {
    it(`rejects ${file} with ${code}`, () => {
      expect(codeOf(() => verifyProvenanceBundle(firstLine(file), trust))).toBe(code);
    });
  }

  it('rejects a valid bundle under another trust root (the embedded public-good one)', () => {
    expect(codeOf(() => verifyProvenanceBundle(firstLine('valid.intoto.jsonl'), loadTrustRoot()))).toBe('ErrorInvalidCertificate');
  });

  it('rejects a bundle whose inner shape the library refuses', () => {
    const bundle = structuredClone(firstLine('valid.intoto.jsonl')) as { verificationMaterial: Record<string, unknown> };
    delete bundle.verificationMaterial['certificate'];
    expect(codeOf(() => verifyProvenanceBundle(bundle, trust))).toBe('ErrorInvalidFormat');
  });
});
