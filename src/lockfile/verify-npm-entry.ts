import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { HashOutcome } from '../artifacts/hash-artifacts.js';
import { asVerifyError, VerifyError } from '../errors/index.js';
import { readNpmAttestations } from '../npm/attestations.js';
import { judgeNpmPackage } from '../npm/judge-package.js';
import type { RegistryKeys } from '../npm/registry-keys.js';
import type { PolicyFile } from '../policy/schema.js';
import type { ArtifactVerdict } from '../pipeline/judge-artifact.js';
import type { TrustRoot } from '../sigstore/trusted-root.js';
import type { LockedPackage } from './locked-package.js';
import { missingProvenance } from './missing-provenance.js';
import { expectationFor, type PackageExpectation } from './package-rules.js';
import type { PackageResult } from './package-result.js';
import { firstPassingBuilder, publisherOf } from './judge-npm-builders.js';

export interface NpmTreeContext {
  dir: string;
  trust: TrustRoot;
  keys: RegistryKeys;
  policy: PolicyFile;
  testing: boolean;
  hash(path: string): Promise<HashOutcome>;
}

/**
 * One locked npm package: the tarball `npm pack` would name must be in the
 * directory and match the lockfile's integrity (what `npm ci` will check),
 * then its attestations must pass verify-npm-package's checks with the
 * policy's source and builder, then the policy itself.
 */
export async function verifyNpmEntry(pkg: LockedPackage, context: NpmTreeContext): Promise<PackageResult> {
  const file = pkg.files?.[0] ?? '';
  const path = join(context.dir, file);
  const base = { ecosystem: 'npm' as const, name: pkg.name, version: pkg.version, files: [file], publisher: undefined, pin: undefined };
  const failed = (error: VerifyError): PackageResult => ({ ...base, status: 'failed', error, note: undefined });

  const hash = await context.hash(path);
  if (!hash.ok) return failed(hash.error.code === 'ErrorUnreadableFile' ? new VerifyError('ErrorNotPresent', `tarball ${file}: ${hash.error.message}`) : hash.error);
  const sha512 = hash.digests.sha512 ?? '';
  // Unpinned (Yarn Berry): the tarball at hand is the subject; nothing in the lockfile to compare it with.
  if (pkg.unpinned === undefined && !(pkg.digests.sha512 ?? []).includes(sha512)) {
    return failed(new VerifyError('ErrorMismatchHash', `tarball ${file} does not match the lockfile integrity`, { expected: pkg.digests.sha512?.[0], actual: sha512 }));
  }

  let expectation: PackageExpectation;
  try {
    expectation = expectationFor(context.policy, pkg);
  } catch (err) {
    return failed(asVerifyError(err));
  }
  const attestationsPath = `${path}.attestations.json`;
  if (!(await exists(attestationsPath))) return missingProvenance(base, expectation.missingProvenance, `no attestations (${file}.attestations.json)`);
  if (expectation.sourceUri === undefined || expectation.builderIds.length === 0) {
    return missingProvenance(base, expectation.missingProvenance, 'the policy names no single source repository and builder for this package');
  }

  let verdict: ArtifactVerdict;
  try {
    const attestations = await readNpmAttestations(attestationsPath);
    verdict = await firstPassingBuilder(expectation.builderIds, expectation.rules, (builderId) =>
      judgeNpmPackage(path, hash, attestations, {
        trust: context.trust,
        keys: context.keys,
        packageName: pkg.name,
        packageVersion: pkg.version,
        policy: { sourceUri: expectation.sourceUri ?? '', builderId },
        testing: context.testing,
      }),
    );
  } catch (err) {
    return failed(asVerifyError(err));
  }
  if (!verdict.ok) {
    const seen = verdict.envelope ? publisherOf(verdict) : undefined;
    return { ...failed(verdict.error ?? new VerifyError('ErrorInternal', 'no verdict')), ...(seen ? { seen } : {}) };
  }
  return { ...base, status: 'verified', error: undefined, note: undefined, publisher: publisherOf(verdict) };
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
