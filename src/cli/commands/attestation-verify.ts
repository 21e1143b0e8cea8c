import { EXIT } from '../exit-codes.js';
import { usageFailure } from '../usage.js';
import { writeJson } from '../write-json.js';
import { renderAttestationText } from '../render/attestation-text.js';
import { attestationVerifyReport, prepareAttestationVerify, runAttestationVerify, type AttestationVerifyRequest } from '../../commands/attestation-verify.js';
import type { AttestationPolicy } from '../../gh/policy.js';

export interface AttestationVerifyFlags {
  bundle?: string;
  owner?: string;
  repo?: string;
  signerWorkflow?: string;
  signerRepo?: string;
  signerDigest?: string;
  sourceRef?: string;
  sourceDigest?: string;
  certIdentity?: string;
  certIdentityRegex?: string;
  certOidcIssuer?: string;
  predicateType?: string;
  denySelfHostedRunners?: boolean;
  limit?: string;
  customTrustedRoot?: string;
  format: 'text' | 'json';
}

function parseLimit(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  // A number that is not a plain decimal integer is refused (the policy checks the range).
  return /^[0-9]{1,7}$/.test(value) ? Number(value) : Number.NaN;
}

/** attestation verify: gh's flags to a request, run, render; exit 0 verified, 1 not, 2 could not run. */
export async function runAttestationVerifyCommand(artifact: string, flags: AttestationVerifyFlags): Promise<number> {
  const request: AttestationVerifyRequest = {
    artifact,
    bundlePath: flags.bundle ?? '',
    owner: flags.owner,
    repo: flags.repo,
    signerWorkflow: flags.signerWorkflow,
    signerRepo: flags.signerRepo,
    signerDigest: flags.signerDigest,
    sourceRef: flags.sourceRef,
    sourceDigest: flags.sourceDigest,
    certIdentity: flags.certIdentity,
    certIdentityRegex: flags.certIdentityRegex,
    certOidcIssuer: flags.certOidcIssuer,
    predicateType: flags.predicateType,
    denySelfHostedRunners: flags.denySelfHostedRunners === true,
    limit: parseLimit(flags.limit),
    customTrustedRoot: flags.customTrustedRoot,
  };
  let policy: AttestationPolicy;
  try {
    policy = prepareAttestationVerify(request);
  } catch (err) {
    return usageFailure('attestation verify', err, flags.format);
  }
  const outcome = await runAttestationVerify(request, policy);
  if (flags.format === 'json') writeJson(attestationVerifyReport(outcome));
  else renderAttestationText(outcome, flags.bundle ?? '', process.stderr);
  if (!outcome.error) return EXIT.verified;
  return outcome.error.isUsage ? EXIT.usage : EXIT.failed;
}
