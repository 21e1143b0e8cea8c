import { hashOne, type HashOutcome } from '../artifacts/hash-artifacts.js';
import { loadRegistryKeys } from '../npm/registry-keys.js';
import type { PolicyFile } from '../policy/schema.js';
import { parseDistFilename, type DistName } from '../pypi/dist-filename.js';
import { loadTrustRoot } from '../sigstore/trusted-root.js';
import type { LockedPackage } from './locked-package.js';
import type { PackageResult } from './package-result.js';
import { verifyNpmEntry } from './verify-npm-entry.js';
import { verifyPypiEntry } from './verify-pypi-entry.js';
import { publicRegistry, verifyNpmRegistryEntry } from './verify-npm-registry-entry.js';
import { verifyPypiIndexEntry } from './verify-pypi-index-entry.js';
import { asVerifyError, VerifyError } from '../errors/index.js';
import { missingProvenance } from './missing-provenance.js';
import { expectationFor } from './package-rules.js';

/** Everything a judge needs besides the packages: plain data, so that a worker can receive it. */
export interface JudgeSetup {
  dir: string;
  /** The names in `dir`, read once. */
  names: string[];
  policy: PolicyFile;
  trustedRootPath: string | undefined;
  registryKeysPath: string | undefined;
  testing: boolean;
  /** --pins without a policy source: record the verified publisher (trust on first use). */
  tofu: boolean;
}

/**
 * Judges packages in order, in this thread: the trust root and npm registry
 * keys are loaded once for all of them. `onResult` is called after each.
 */
export async function judgeEntries(packages: readonly LockedPackage[], setup: JudgeSetup, onResult: (r: PackageResult) => void): Promise<PackageResult[]> {
  const trust = loadTrustRoot(setup.trustedRootPath);
  const keys = packages.some((p) => p.ecosystem === 'npm') ? loadRegistryKeys(setup.registryKeysPath) : undefined;
  // One lockfile is one ecosystem: hash with the algorithm it pins only.
  const algorithms = keys ? (['sha512'] as const) : (['sha256'] as const);
  const hash = (path: string): Promise<HashOutcome> => hashOne(path, algorithms);
  const dists = new Map<string, DistName>();
  for (const name of setup.names) {
    try {
      if (/\.(?:whl|tar\.gz|zip)$/.test(name)) dists.set(name, parseDistFilename(name));
    } catch {
      // Not a distribution name: never matched to a requirement.
    }
  }
  const present = new Set(setup.names);
  const results: PackageResult[] = [];
  // Registry signatures are required where a registry is known to sign: the public one, or any whose keys the user gave.
  const signaturesRequired = (registry: string): boolean => setup.registryKeysPath !== undefined || publicRegistry(registry);
  for (const pkg of packages) {
    const evidence = pkg.evidence;
    const result =
      pkg.unverifiable !== undefined
        ? unverifiableResult(pkg, pkg.unverifiable, setup.policy)
        : evidence?.kind === 'unavailable'
        ? { ecosystem: pkg.ecosystem, name: pkg.name, version: pkg.version, files: [], status: 'failed' as const, error: unavailable(evidence), note: undefined, publisher: undefined, pin: undefined }
        : evidence?.kind === 'npm-registry'
          ? await verifyNpmRegistryEntry(pkg, evidence, { trust, keys: keys!, policy: setup.policy, testing: setup.testing, tofu: setup.tofu, signaturesRequired })
          : evidence?.kind === 'pypi-index'
            ? verifyPypiIndexEntry(pkg, evidence, { trust, policy: setup.policy, tofu: setup.tofu })
            : pkg.ecosystem === 'npm'
              ? await verifyNpmEntry(pkg, { dir: setup.dir, trust, keys: keys!, policy: setup.policy, testing: setup.testing, hash })
              : await verifyPypiEntry(pkg, { dir: setup.dir, trust, policy: setup.policy, dists, present, hash });
    results.push(result);
    onResult(result);
  }
  return results;
}

/** A package no index can attest (git, path, URL source): the policy's missingProvenance decides, as for one without provenance. */
function unverifiableResult(pkg: LockedPackage, why: string, policy: PolicyFile): PackageResult {
  const base = { ecosystem: pkg.ecosystem, name: pkg.name, version: pkg.version, files: [], publisher: undefined, pin: undefined };
  try {
    return missingProvenance(base, expectationFor(policy, pkg).missingProvenance, why);
  } catch (err) {
    return { ...base, status: 'failed', error: asVerifyError(err), note: undefined };
  }
}

function unavailable(evidence: { code: VerifyError['code']; message: string }): VerifyError {
  const error = new VerifyError(evidence.code);
  error.message = evidence.message;
  return error;
}
