import { DEFAULT_ARTIFACT_TRUSTED_WORKFLOWS, DEFAULT_BYOB_WORKFLOWS, DEFAULT_CONTAINER_TRUSTED_WORKFLOWS } from '../provenance/builders.js';
import type { CertificateClaims } from '../sigstore/certificate-claims.js';

/**
 * The SLSA build level a verified statement shows, from who signed it:
 * 3 for slsa-github-generator's isolated reusable workflows (generators,
 * Go / container-based builders, BYOB delegators); 2 for other Sigstore-signed
 * provenance from a GitHub-hosted run (signed by the build platform's
 * identity, but the build could tamper with it); 1 otherwise.
 */
export function slsaBuildLevel(certificate: CertificateClaims): 1 | 2 | 3 {
  // An email identity is no workflow: never read its local part as a trusted builder.
  if (certificate.subjectAlternativeNameKind !== 'uri') return 1;
  const signer = certificate.subjectAlternativeName.split('@')[0] ?? '';
  const l3 = [...DEFAULT_ARTIFACT_TRUSTED_WORKFLOWS, ...DEFAULT_CONTAINER_TRUSTED_WORKFLOWS, ...DEFAULT_BYOB_WORKFLOWS];
  if (l3.includes(signer)) return 3;
  return certificate.runnerEnvironment === 'github-hosted' ? 2 : 1;
}
