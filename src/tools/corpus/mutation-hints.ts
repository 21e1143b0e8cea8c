import { BUNDLE_MEDIA_TYPES } from '../../input/bundle-shape.js';
import type { Mutant } from './mutants.js';
import type { HintRule } from './mutation-test.js';

/**
 * Fields of the evidence that no signature or log covers and that no
 * verifier may let decide anything: a mutant of them may pass. Everything
 * else in the evidence must make the verification fail.
 */

/** A path inside a Sigstore bundle, at the top of the file or inside an npm attestation set. */
const inBundle = (rest: string): RegExp => new RegExp(`^(?:attestations\\.\\d+\\.bundle\\.)?${rest}$`);

/** The media type of the bundle a mutant's path is in (the file itself, or an npm attestation's bundle). */
function bundleMediaType(m: Mutant): unknown {
  const npm = /^attestations\.(\d+)\.bundle\./.exec(m.path);
  const doc = m.document as { mediaType?: unknown; attestations?: { bundle?: { mediaType?: unknown } }[] };
  return npm ? doc.attestations?.[Number(npm[1])]?.bundle?.mediaType : doc.mediaType;
}

export const UNAUTHENTICATED_HINTS: readonly HintRule[] = [
  {
    path: inBundle('dsseEnvelope\\.signatures\\.\\d+\\.keyid'),
    reason: 'a DSSE key id is a hint: with a certificate the signer is the certificate; with a key, an empty id and no id are the same',
  },
  {
    path: /^signatures\.\d+\.keyid$/,
    kinds: ['delete'],
    reason: 'a bare DSSE envelope (a VSA) whose signature names no key id is checked against the key the user gave, as go-securesystemslib does; a different key id fails',
  },
  {
    path: inBundle('verificationMaterial\\.publicKey\\.hint'),
    reason: 'a key hint only names a key: verify-bundle --key verifies with the user\'s key whatever the hint says (npm looks the hint up, so a changed hint fails there)',
  },
  {
    path: inBundle('mediaType'),
    when: (m) => (BUNDLE_MEDIA_TYPES as readonly unknown[]).includes(m.value),
    reason: 'the media type is signed by nothing; naming another bundle version is allowed when the bundle meets that version\'s requirements too',
  },
  {
    path: inBundle('verificationMaterial\\.x509CertificateChain\\.certificates\\.[1-9]\\d*'),
    kinds: ['delete'],
    reason: 'the certificates after the leaf are copies of the trusted root\'s (checked to be); the chain is built from the trusted root, so a bundle may carry the leaf alone',
  },
  {
    path: inBundle('verificationMaterial\\.tlogEntries\\.\\d+\\.inclusionProof'),
    kinds: ['delete'],
    when: (m) => bundleMediaType(m) === 'application/vnd.dev.sigstore.bundle+json;version=0.1',
    reason: 'a v0.1 bundle needs only the signed entry timestamp: the inclusion proof is an extra it may leave out (a changed proof fails)',
  },
  {
    path: inBundle('verificationMaterial\\.timestampVerificationData(?:\\.rfc3161Timestamps)?'),
    kinds: ['delete'],
    reason: 'an absent list of RFC 3161 timestamps and an empty one are the same',
  },
  {
    path: /^attestation_bundles\.\d+\.publisher\.environment$/,
    reason: 'PyPI\'s record of the publishing environment is unsigned and no certificate claim carries it: it is compared only with --environment, which this run does not give',
  },
];
