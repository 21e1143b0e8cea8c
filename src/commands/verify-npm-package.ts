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
import { fetchNpmEvidence, fetchRegistryKeys } from '../npm/fetch-evidence.js';
import { authorizationFor, DEFAULT_NPM_CONFIG, registryFor, type NpmRegistryConfig } from '../npm/registry-config.js';
import { DEFAULT_HTTP_OPTIONS, HttpClient, type HttpClientOptions } from '../net/http-client.js';
import { sriSha512 } from '../lockfile/sri.js';
import { publicRegistry } from '../lockfile/verify-npm-registry-entry.js';
import { downgradeError, publishedAt } from '../npm/package-document.js';
import { withServedKeys, type RegistryKeys } from '../npm/registry-keys.js';
import { verifyRegistrySignatures } from '../npm/registry-signatures.js';

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
export async function runVerifyNpmPackage(request: NpmPackageRun, hashing?: Promise<Map<string, HashOutcome>>): Promise<RunReport> {
  const report: RunReport = { command: 'verify-npm-package', error: undefined, verdicts: [], printProvenance: request.printProvenance === true };
  hashing ??= request.integrity === undefined ? hashTarball(request.tarball) : undefined;
  try {
    const trust = resolveTrustRoot(request.trustedRoot);
    const keys = loadRegistryKeys(request.registryKeysPath);
    const hash = hashing === undefined ? integrityHash(request) : (await hashing).get(request.tarball)!;
    // Without a tarball the registry's version entry is the one copy of the claim to compare with: it is always fetched.
    const fetched = request.attestationsPath === undefined || request.integrity !== undefined ? await fetchAttestations(request, hash, keys) : undefined;
    const attestations = request.attestationsPath !== undefined ? await readNpmAttestations(request.attestationsPath) : fetched!.attestations;
    report.verdicts = [
      await judgeNpmPackage(request.tarball, hash, attestations, {
        trust,
        keys: fetched?.keys ?? keys,
        packageName: request.packageName,
        packageVersion: request.packageVersion,
        policy: slsaPolicyOf(request),
        testing: request.testing === true,
        // No tarball, no package.json in it: the registry's version entry is the fourth claim of name and version.
        ...(request.integrity !== undefined && fetched ? { manifest: fetched.manifest } : {}),
      }),
    ];
  } catch (err) {
    await hashing?.catch(() => undefined);
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

/** `--integrity sha512-...` as the subject: exactly one sha512 digest (weaker algorithms cannot be checked against the attestations). */
function integrityHash(request: NpmPackageRun): HashOutcome {
  const digests = sriSha512(request.integrity ?? '', '--integrity');
  if (new Set(digests).size !== 1) throw new VerifyError('ErrorUsage', '--integrity: give exactly one sha512 digest');
  return { ok: true, digests: { sha512: digests[0]! } };
}

/**
 * The attestations from the package's registry. The registry's version entry
 * must name the tarball's sha512 as its integrity (a second copy of the
 * claim the publish attestation makes), else the tarball is not what the
 * registry serves under that name and version; its dist.signatures are
 * verified with the registry keys as `npm audit signatures` does.
 */
async function fetchAttestations(request: NpmPackageRun, hash: HashOutcome, keys: RegistryKeys): Promise<{ attestations: NpmAttestations; manifest: { name: string; version: string }; keys: RegistryKeys }> {
  if (request.network !== 'allowed') {
    throw new VerifyError('ErrorUsage', request.integrity !== undefined ? '--integrity is checked against the registry\'s dist.integrity: not with the network off (--offline)' : 'the network is off: give --attestations-path FILE');
  }
  const config = request.npm ?? DEFAULT_NPM_CONFIG;
  const registry = registryFor(config, request.packageName, undefined);
  const client = new HttpClient({ ...DEFAULT_HTTP_OPTIONS, ...request.http, credentials: (url) => authorizationFor(config, url) });
  request.announce?.(`Fetching the package document and attestations of ${request.packageName}@${request.packageVersion} from ${registry}`);
  // The registry's own key list (unless the user gave the keys) over the embedded ones.
  const [evidence, served] = await Promise.all([
    fetchNpmEvidence(client, registry, request.packageName, request.packageVersion),
    request.registryKeysPath === undefined ? fetchRegistryKeys(client, registry) : undefined,
  ]);
  if (served !== undefined) keys = withServedKeys(keys, served, registry, publicRegistry(registry));
  const label = `${request.packageName}@${request.packageVersion}`;
  const locked = evidence.summary.locked!;
  const what = request.integrity !== undefined ? `--integrity is not the integrity ${registry} serves for ${label}` : `the tarball is not the one ${registry} serves as ${label}`;
  const integrity = locked.integrity;
  // Without the registry's integrity neither the tarball nor its signatures can be tied to the registry: fail, whatever the input.
  if (integrity === undefined) throw new VerifyError('ErrorMismatchHash', `${what} (the version entry has no dist.integrity)`);
  if (hash.ok && !sriSha512(integrity, `${label} (registry)`).includes(hash.digests.sha512 ?? '')) {
    throw new VerifyError('ErrorMismatchHash', `${what} (dist.integrity differs)`);
  }
  if ((locked.signatures.length > 0 || request.registryKeysPath !== undefined || served !== undefined || publicRegistry(registry))) {
    verifyRegistrySignatures(request.packageName, request.packageVersion, integrity, locked.signatures, keys, publishedAt(locked.publishedAt));
  }
  const downgrade = downgradeError(evidence.summary, label);
  if (downgrade) throw downgrade;
  if (evidence.attestations === undefined) throw new VerifyError('ErrorNotPresent', `${label}: ${registry} has no attestations for this version`);
  return { attestations: extractAttestations(evidence.attestations), manifest: { name: locked.name, version: locked.version }, keys };
}
