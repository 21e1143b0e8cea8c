import { preAuthEncoding } from '../vsa/envelope.js';
import { signWithVsaKey, type VsaSigningKey } from './signing-key.js';

export const INTOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json';

export interface SignedEnvelope {
  payloadType: string;
  payload: string;
  signatures: { keyid: string; sig: string }[];
}

/** One DSSE envelope over the statement bytes: the signature covers the PAE, never the bare payload. */
export function signStatement(payload: Buffer, signer: VsaSigningKey, keyId: string): SignedEnvelope {
  const sig = signWithVsaKey(signer, preAuthEncoding(INTOTO_PAYLOAD_TYPE, payload));
  return { payloadType: INTOTO_PAYLOAD_TYPE, payload: payload.toString('base64'), signatures: [{ keyid: keyId, sig: sig.toString('base64') }] };
}
