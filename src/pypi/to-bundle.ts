import { IN_TOTO_PAYLOAD_TYPE } from '../provenance/statement.js';
import type { PypiAttestation } from './provenance-file.js';

const MEDIA_TYPE_V03 = 'application/vnd.dev.sigstore.bundle.v0.3+json';

/**
 * The Sigstore bundle v0.3 a PEP 740 attestation stands for, as
 * pypi-attestations' `Attestation.to_bundle` rebuilds it: the leaf
 * certificate, the first transparency entry, and a DSSE envelope whose
 * payload type is fixed (it is not carried, so it cannot be chosen by the
 * attacker either).
 */
export function attestationToBundle(attestation: PypiAttestation): unknown {
  const material = attestation.verification_material;
  return {
    mediaType: MEDIA_TYPE_V03,
    verificationMaterial: {
      certificate: { rawBytes: material.certificate.toString('base64') },
      tlogEntries: material.transparency_entries.slice(0, 1),
    },
    dsseEnvelope: {
      payload: attestation.envelope.statement.toString('base64'),
      payloadType: IN_TOTO_PAYLOAD_TYPE,
      signatures: [{ sig: attestation.envelope.signature.toString('base64'), keyid: '' }],
    },
  };
}
