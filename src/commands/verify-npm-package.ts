import type { HashOutcome } from '../artifacts/hash-artifacts.js';
import type { SlsaPolicy } from '../checks/run-checks.js';
import { asVerifyError } from '../errors/index.js';
import { readNpmAttestations } from '../npm/attestations.js';
import { judgeNpmPackage } from '../npm/judge-package.js';
import { loadRegistryKeys } from '../npm/registry-keys.js';
import type { RunReport } from '../report/run-report.js';
import { loadTrustRoot } from '../sigstore/trusted-root.js';
import { VerifyError } from '../errors/index.js';
import { extractAttestations, type NpmAttestations } from '../npm/attestations.js';
import { fetchNpmEvidence } from '../npm/fetch-evidence.js';
import { authorizationFor, DEFAULT_NPM_CONFIG, registryFor, type NpmRegistryConfig } from '../npm/registry-config.js';
import { DEFAULT_HTTP_OPTIONS, HttpClient, type HttpClientOptions } from '../net/http-client.js';
import { sriSha512 } from '../lockfile/sri.js';

export interface VerifyNpmPackageRequest {
  tarball: string;
  /** undefined: fetched from the package's registry (needs network 'allowed'). */
  attestationsPath: string | undefined;
  network?: 'never' | 'allowed';
  /** Where the registry is and which token it takes (the CLI reads .npmrc). */
  npm?: NpmRegistryConfig;
  http?: Partial<HttpClientOptions>;
  /** Told, before anything is fetched, what is fetched from where. */
  announce?(line: string): void;
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
    const hash = (await hashing).get(request.tarball)!;
    const attestations =
      request.attestationsPath !== undefined ? await readNpmAttestations(request.attestationsPath) : await fetchAttestations(request, hash);
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

/**
 * The attestations from the package's registry. The registry's version entry
 * must name the tarball's sha512 as its integrity (a second copy of the
 * claim the publish attestation makes), else the tarball is not what the
 * registry serves under that name and version.
 */
async function fetchAttestations(request: VerifyNpmPackageRequest, hash: HashOutcome): Promise<NpmAttestations> {
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
