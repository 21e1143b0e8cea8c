import { hashArtifacts, type HashOutcome } from '../artifacts/hash-artifacts.js';
import { asVerifyError, VerifyError } from '../errors/index.js';
import { readNpmAttestations } from '../npm/attestations.js';
import { judgeNpmPackage } from '../npm/judge-package.js';
import { loadRegistryKeys } from '../npm/registry-keys.js';
import { reportErrors, throwIfCannotRun } from '../report/failure.js';
import { runReportDocument } from '../report/json.js';
import type { RunReport } from '../report/run-report.js';
import type { VerifyNpmPackageReport } from '../report/schema.js';
import { slsaPolicyOf, type SourceExpectations, type TrustedRootInput } from './request.js';
import { resolveTrustRoot } from './trust.js';
import type { VerifyNpmPackageRequest } from './requests.js';

/**
 * verify-npm-package: an adapter over the shared stages (trust root,
 * provenance bundle verification, SLSA checks, reports) plus what is
 * npm-specific (src/npm): the registry-signed publish attestation and the
 * package identity. `hashing` (sha512 of the tarball) may have been started
 * by the caller before this module loaded. Never throws.
 */
export async function runVerifyNpmPackage(request: VerifyNpmPackageRequest, hashing = hashTarball(request.tarball)): Promise<RunReport> {
  const report: RunReport = { command: 'verify-npm-package', error: undefined, verdicts: [], printProvenance: request.printProvenance === true };
  try {
    const trust = resolveTrustRoot(request.trustedRoot);
    const keys = loadRegistryKeys(request.registryKeysPath);
    const attestations = await readNpmAttestations(request.attestationsPath);
    const hash = (await hashing).get(request.tarball)!;
    report.verdicts = [
      await judgeNpmPackage(request.tarball, hash, attestations, {
        trust,
        keys,
        packageName: request.packageName,
        packageVersion: request.packageVersion,
        policy: slsaPolicyOf(request),
        testing: request.testing === true,
      }),
    ];
  } catch (err) {
    await hashing.catch(() => undefined);
    report.error = asVerifyError(err);
  }
  return report;
}

/** The tarball's digests: sha512 (what npm pins), and any other algorithm asked for (a VSA also names sha256). */
function hashTarball(tarball: string, algorithms: readonly ('sha512' | 'sha256')[] = ['sha512']): Promise<Map<string, HashOutcome>> {
  const hashing = hashArtifacts([tarball], algorithms);
  hashing.catch(() => undefined);
  return hashing;
}

export function npmPackageReport(report: RunReport): VerifyNpmPackageReport {
  return runReportDocument(report, 'verify-npm-package');
}

export async function verifyNpmPackage(request: VerifyNpmPackageRequest): Promise<VerifyNpmPackageReport> {
  if (request.builderId === undefined) throw new VerifyError('ErrorUsage', 'builderId is required for an npm package');
  const report = await runVerifyNpmPackage(request);
  throwIfCannotRun(reportErrors(report));
  return npmPackageReport(report);
}

export type { VerifyNpmPackageRequest };
