import { hashArtifacts, type HashOutcome } from '../artifacts/hash-artifacts.js';
import { asVerifyError, VerifyError } from '../errors/index.js';
import { judgeNpmPackage } from '../npm/judge-package.js';
import { loadRegistryKeys } from '../npm/registry-keys.js';
import { reportErrors, throwIfCannotRun } from '../report/failure.js';
import { runReportDocument } from '../report/json.js';
import type { RunReport } from '../report/run-report.js';
import type { VerifyNpmPackageReport } from '../report/schema.js';
import { slsaPolicyOf } from './request.js';
import { resolveTrustRoot } from './trust.js';
import type { VerifyNpmPackageRequest } from './requests.js';
import { extractAttestations, readNpmAttestations, type NpmAttestations } from '../npm/attestations.js';
import { fetchNpmEvidence } from '../npm/fetch-evidence.js';
import { authorizationFor, DEFAULT_NPM_CONFIG, registryFor, type NpmRegistryConfig } from '../npm/registry-config.js';
import { DEFAULT_HTTP_OPTIONS, HttpClient, type HttpClientOptions } from '../net/http-client.js';
import { sriSha512 } from '../lockfile/sri.js';

/** What the CLI adds to a request: the registry and token from .npmrc, and HTTP limits. */
export interface NpmPackageRun extends VerifyNpmPackageRequest {
  /** Where the registry is and which token it takes (the CLI reads .npmrc). */
  npm?: NpmRegistryConfig | undefined;
  http?: Partial<HttpClientOptions> | undefined;
}

/**
 * verify-npm-package: an adapter over the shared stages (trust root,
 * provenance bundle verification, SLSA checks, reports) plus what is
 * npm-specific (src/npm): the registry-signed publish attestation and the
 * package identity. `hashing` (sha512 of the tarball) may have been started
 * by the caller before this module loaded. Never throws.
 */
export async function runVerifyNpmPackage(request: NpmPackageRun, hashing = hashTarball(request.tarball)): Promise<RunReport> {
  const report: RunReport = { command: 'verify-npm-package', error: undefined, verdicts: [], printProvenance: request.printProvenance === true };
  try {
    const trust = resolveTrustRoot(request.trustedRoot);
    const keys = loadRegistryKeys(request.registryKeysPath);
    const hash = (await hashing).get(request.tarball)!;
    const attestations =
      request.attestationsPath !== undefined ? await readNpmAttestations(request.attestationsPath) : await fetchAttestations(request, hash);
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

/**
 * The attestations from the package's registry. The registry's version entry
 * must name the tarball's sha512 as its integrity (a second copy of the
 * claim the publish attestation makes), else the tarball is not what the
 * registry serves under that name and version.
 */
async function fetchAttestations(request: NpmPackageRun, hash: HashOutcome): Promise<NpmAttestations> {
  if (request.network !== 'allowed') throw new VerifyError('ErrorUsage', 'the network is off: give --attestations-path FILE');
  const config = request.npm ?? DEFAULT_NPM_CONFIG;
  const registry = registryFor(config, request.packageName, undefined);
  const client = new HttpClient({ ...DEFAULT_HTTP_OPTIONS, ...request.http, credentials: (url) => authorizationFor(config, url) });
  request.announce?.(`Fetching the package document and attestations of ${request.packageName}@${request.packageVersion} from ${registry}`);
  const evidence = await fetchNpmEvidence(client, registry, request.packageName, request.packageVersion);
  const integrity = evidence.summary.locked?.integrity;
  if (hash.ok && integrity !== undefined && !sriSha512(integrity, `${request.packageName}@${request.packageVersion} (registry)`).includes(hash.digests.sha512 ?? '')) {
    throw new VerifyError('ErrorMismatchHash', `the tarball is not the one ${registry} serves as ${request.packageName}@${request.packageVersion} (dist.integrity differs)`);
  }
  if (evidence.attestations === undefined) throw new VerifyError('ErrorNotPresent', `${request.packageName}@${request.packageVersion}: ${registry} has no attestations for this version`);
  return extractAttestations(evidence.attestations);
}
