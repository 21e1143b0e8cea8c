import { VerifyError } from '../errors/index.js';
import type { Evidence } from '../input/evidence.js';
import { parseSigstoreBundle } from '../sigstore/parse-bundle.js';
import type { KeyedEnvelope } from './verify-key-signature.js';

/**
 * The envelope of one provenance line under --public-key: a bare DSSE
 * envelope, or a bundle whose verification material is a public key. A
 * certificate-signed bundle is refused: it is verified without --public-key,
 * and accepting it here would skip its certificate checks.
 */
export function keyedEnvelopeOf(item: Evidence): KeyedEnvelope {
  if (item.kind === 'dsse') return item.envelope;
  const bundle = parseSigstoreBundle(item.json, `Sigstore bundle on line ${item.line}`);
  if (bundle.verificationMaterial.content.$case !== 'publicKey') {
    throw new VerifyError('ErrorInvalidFormat', `line ${item.line}: the bundle is not key-signed (verification material ${bundle.verificationMaterial.content.$case})`);
  }
  if (bundle.content.$case !== 'dsseEnvelope') throw new VerifyError('ErrorInvalidFormat', `line ${item.line}: the bundle holds no DSSE envelope`);
  const envelope = bundle.content.dsseEnvelope;
  return {
    payloadType: envelope.payloadType,
    payload: envelope.payload.toString('base64'),
    signatures: envelope.signatures.map((s) => ({ keyid: s.keyid, sig: s.sig.toString('base64') })),
  };
}
