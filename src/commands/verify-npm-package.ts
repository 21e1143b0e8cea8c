import type { HashOutcome } from '../artifacts/hash-artifacts.js';
import type { SlsaPolicy } from '../checks/run-checks.js';
import { asVerifyError } from '../errors/index.js';
import { readNpmAttestations } from '../npm/attestations.js';
import { judgeNpmPackage } from '../npm/judge-package.js';
import { loadRegistryKeys } from '../npm/registry-keys.js';
import type { RunReport } from '../report/run-report.js';
import { loadTrustRoot } from '../sigstore/trusted-root.js';

export interface VerifyNpmPackageRequest {
  tarball: string;
  attestationsPath: string;
  packageName: string;
  packageVersion: string;
  policy: SlsaPolicy;
  trustedRootPath: string | undefined;
  /** undefined: the registry keys embedded in @sigstore/tuf's seeds. */
  registryKeysPath: string | undefined;
  printProvenance: boolean;
  testing: boolean;
  /** Started by the caller (sha512) before this module was loaded. */
  hashing: Promise<Map<string, HashOutcome>>;
}

/**
 * verify-npm-package: an adapter over the shared stages (trust root,
 * provenance bundle verification, SLSA checks, reports) plus what is
 * npm-specific (src/npm): the registry-signed publish attestation and the
 * package identity.
 */
export async function verifyNpmPackage(request: VerifyNpmPackageRequest): Promise<RunReport> {
  const report: RunReport = { command: 'verify-npm-package', error: undefined, verdicts: [], printProvenance: request.printProvenance };
  const { hashing } = request;
  try {
    const trust = loadTrustRoot(request.trustedRootPath);
    const keys = loadRegistryKeys(request.registryKeysPath);
    const attestations = await readNpmAttestations(request.attestationsPath);
    const hash = (await hashing).get(request.tarball)!;
    report.verdicts = [
      await judgeNpmPackage(request.tarball, hash, attestations, {
        trust,
        keys,
        packageName: request.packageName,
        packageVersion: request.packageVersion,
        policy: request.policy,
        testing: request.testing,
      }),
    ];
  } catch (err) {
    await hashing.catch(() => undefined);
    report.error = asVerifyError(err);
  }
  return report;
}
