import { bundleFromJSON, type Bundle } from '@sigstore/bundle';
import type { X509Certificate } from '@sigstore/core';
import { VerifyError } from '../errors/index.js';
import { describeIssue, sigstoreBundleSchema } from '../input/bundle-shape.js';
import { parseCertificateDer } from './certificate-der.js';
import { libraryDetail } from './library-error.js';
import { checkEntryCopies } from './tlog-entry.js';

/**
 * The one door through which a Sigstore bundle from the evidence reaches the
 * library: its JSON shape (src/input/bundle-shape.ts), then the library's
 * decoder, then what the library leaves unchecked in the parts it reads: the
 * structure of every certificate the bundle carries and the redundant copies
 * inside each log entry. `what` names the bundle in messages.
 */
export function parseSigstoreBundle(json: unknown, what = 'Sigstore bundle'): Bundle {
  const shape = sigstoreBundleSchema.safeParse(json);
  if (!shape.success) throw new VerifyError('ErrorInvalidFormat', `invalid ${what}: ${describeIssue(shape.error)}`);
  let bundle: Bundle;
  try {
    bundle = bundleFromJSON(json);
  } catch (err) {
    throw new VerifyError('ErrorInvalidFormat', `invalid ${what}${libraryDetail(err)}`);
  }
  bundleCertificates(bundle);
  for (const entry of bundle.verificationMaterial.tlogEntries) checkEntryCopies(entry);
  return bundle;
}

/** Parsed once per bundle object: parsing a certificate is a third of the library's work in a verification (measured). */
const certificatesOf = new WeakMap<Bundle, readonly X509Certificate[]>();

/** Every certificate of the verification material, the leaf first, parsed and checked. */
export function bundleCertificates(bundle: Bundle): readonly X509Certificate[] {
  let certificates = certificatesOf.get(bundle);
  if (certificates === undefined) {
    certificates = Object.freeze(parseCertificates(bundle));
    certificatesOf.set(bundle, certificates);
  }
  return certificates;
}

function parseCertificates(bundle: Bundle): X509Certificate[] {
  const material = bundle.verificationMaterial.content;
  switch (material.$case) {
    case 'certificate':
      return [parseCertificateDer(material.certificate.rawBytes, 'the signing certificate')];
    case 'x509CertificateChain':
      return material.x509CertificateChain.certificates.map((c, i) =>
        parseCertificateDer(c.rawBytes, i === 0 ? 'the signing certificate' : `chain certificate ${i + 1}`),
      );
    default:
      return [];
  }
}

/** The DER bytes of the bundle's signing certificate, as carried. */
export function leafCertificateDer(bundle: Bundle): Buffer | undefined {
  const material = bundle.verificationMaterial.content;
  switch (material.$case) {
    case 'certificate':
      return Buffer.from(material.certificate.rawBytes);
    case 'x509CertificateChain': {
      const first = material.x509CertificateChain.certificates[0];
      return first ? Buffer.from(first.rawBytes) : undefined;
    }
    default:
      return undefined;
  }
}
