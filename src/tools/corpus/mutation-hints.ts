import { BUNDLE_MEDIA_TYPES } from '../../input/bundle-shape.js';
import type { HintRule } from './mutation-test.js';

/**
 * Fields of a Sigstore bundle that no signature or log covers and that no
 * verifier may let decide anything: a mutant of them may pass. Everything
 * else in the evidence must make the verification fail.
 */
export const UNAUTHENTICATED_HINTS: readonly HintRule[] = [
  {
    path: /^dsseEnvelope\.signatures\.\d+\.keyid$/,
    reason: 'a DSSE key id is a hint: with a certificate the signer is the certificate, which the signature is checked against',
  },
  {
    path: /^mediaType$/,
    when: (m) => (BUNDLE_MEDIA_TYPES as readonly unknown[]).includes(m.value),
    reason: 'the media type is signed by nothing; naming another bundle version is allowed when the bundle meets that version\'s requirements too',
  },
  {
    path: /^verificationMaterial\.x509CertificateChain\.certificates\.[1-9]\d*$/,
    kinds: ['delete'],
    reason: 'the certificates after the leaf are copies of the trusted root\'s (checked to be); the chain is built from the trusted root, so a bundle may carry the leaf alone',
  },
  {
    path: /^verificationMaterial\.timestampVerificationData(\.rfc3161Timestamps)?$/,
    kinds: ['delete'],
    reason: 'an absent list of RFC 3161 timestamps and an empty one are the same',
  },
];
