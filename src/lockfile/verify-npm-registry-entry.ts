import { asVerifyError, VerifyError } from '../errors/index.js';
import { extractAttestations } from '../npm/attestations.js';
import type { NpmRegistryEvidence } from '../npm/fetch-evidence.js';
import { judgeNpmPackage } from '../npm/judge-package.js';
import { downgradeError, publishedAt } from '../npm/package-document.js';
import { PUBLIC_NPM_REGISTRY } from '../npm/registry-config.js';
import type { RegistryKeys } from '../npm/registry-keys.js';
import { verifyRegistrySignatures } from '../npm/registry-signatures.js';
import type { PolicyFile } from '../policy/schema.js';
import type { ArtifactVerdict } from '../pipeline/judge-artifact.js';
import { BUILDER_IDS } from '../provenance/builders.js';
import type { TrustRoot } from '../sigstore/trusted-root.js';
import type { LockedPackage } from './locked-package.js';
import { missingProvenance } from './missing-provenance.js';
import { expectationFor, type PackageExpectation } from './package-rules.js';
import type { PackageResult } from './package-result.js';
import { sriSha512 } from './sri.js';
import { firstPassingBuilder, publisherOf } from './judge-npm-builders.js';

export interface NpmRegistryContext {
  trust: TrustRoot;
  keys: RegistryKeys;
  policy: PolicyFile;
  testing: boolean;
  /** --pins without a policy source for the package: the verified publisher is the one recorded (trust on first use). */
  tofu: boolean;
  /** Registry signatures must be present (the public registry, or keys the user gave). */
  signaturesRequired(registry: string): boolean;
  /** The keys for this evidence's registry: its served /-/npm/v1/keys over `keys` (throws on a bad list). */
  keysFor?(evidence: NpmRegistryEvidence): RegistryKeys;
}

/**
 * One locked npm package judged from the registry's answers, without the
 * tarball: the lockfile's integrity is the digest `npm ci` will enforce, so
 * it is the subject the registry's signatures and attestations must name.
 * The version entry must agree with the lockfile (name, version, integrity),
 * its dist.signatures must verify with the registry keys, and its
 * attestations must pass verify-npm-package's stages with the tarball's
 * sha512 taken from the lockfile. A version without attestations while an
 * earlier one had them is a downgrade: it fails.
 */
export async function verifyNpmRegistryEntry(pkg: LockedPackage, evidence: NpmRegistryEvidence, context: NpmRegistryContext): Promise<PackageResult> {
  const label = `${pkg.name}@${pkg.version}`;
  const base = { ecosystem: 'npm' as const, name: pkg.name, version: pkg.version, files: [] as string[], publisher: undefined, pin: undefined };
  const failed = (error: VerifyError): PackageResult => ({ ...base, status: 'failed', error, note: undefined });
  const locked = evidence.summary.locked;
  if (!locked) return failed(new VerifyError('ErrorNotPresent', `${label}: the registry does not list this version`));
  const sha512 = pkg.digests.sha512 ?? [];
  if (sha512.length === 0) return failed(new VerifyError('ErrorInvalidHash', `${label}: the lockfile pins no sha512`));
  let keys: RegistryKeys;
  try {
    keys = context.keysFor?.(evidence) ?? context.keys;
  } catch (err) {
    return failed(asVerifyError(err));
  }
  try {
    // Redundant copies of one claim must agree: the version entry is the registry's word on what it serves.
    if (locked.name !== pkg.name) throw new VerifyError('ErrorMismatchPackageName', `${label}: the registry's version entry names '${locked.name.slice(0, 100)}'`, { expected: pkg.name, actual: locked.name });
    if (locked.version !== pkg.version) throw new VerifyError('ErrorMismatchPackageVersion', `${label}: the registry's version entry is '${locked.version.slice(0, 100)}'`, { expected: pkg.version, actual: locked.version });
    if (locked.integrity === undefined) throw new VerifyError('ErrorInvalidHash', `${label}: the registry's version entry has no integrity`);
    const registryDigests = sriSha512(locked.integrity, `${label} (registry)`);
    // npm installs a tarball matching any sha512 the lockfile lists: each must be the registry's, and each is judged below.
    if (!sha512.every((d) => registryDigests.includes(d))) {
      throw new VerifyError('ErrorMismatchHash', `${label}: the registry's integrity is not the lockfile's`, { expected: sha512[0], actual: registryDigests[0] });
    }
    // A registry that serves a key list says it signs: its signatures are then required too.
    if (locked.signatures.length > 0 || context.signaturesRequired(evidence.registry) || evidence.registryKeys !== undefined) {
      verifyRegistrySignatures(pkg.name, pkg.version, locked.integrity, locked.signatures, keys, publishedAt(locked.publishedAt));
    }
  } catch (err) {
    return failed(asVerifyError(err));
  }

  let expectation: PackageExpectation;
  try {
    expectation = expectationFor(context.policy, pkg);
  } catch (err) {
    return failed(asVerifyError(err));
  }
  const tofu = context.tofu && expectation.sourceUri === undefined;
  // Trusted publisher, then provenance only, then nothing: a later version may not have weaker evidence than an earlier one.
  const downgrade = downgradeError(evidence.summary, label);
  if (downgrade) return failed(downgrade);
  if (evidence.attestations === undefined) {
    const why = 'no attestations on the registry';
    if (tofu && expectation.rules.missingProvenance === undefined) return { ...base, status: 'allowed', error: undefined, note: why, publisher: undefined };
    return missingProvenance(base, expectation.missingProvenance, why);
  }
  if (!tofu && (expectation.sourceUri === undefined || expectation.builderIds.length === 0)) {
    return missingProvenance(base, expectation.missingProvenance, 'the policy names no single source repository and builder for this package');
  }

  let verdict: ArtifactVerdict;
  try {
    const attestations = extractAttestations(evidence.attestations);
    const builderIds = expectation.builderIds.length > 0 ? expectation.builderIds : [BUILDER_IDS.npmCliHosted];
    const judgeDigest = (digest: string): Promise<ArtifactVerdict> => firstPassingBuilder(builderIds, expectation.rules, (builderId) =>
      judgeNpmPackage(label, { ok: true as const, digests: { sha512: digest } }, attestations, {
        trust: context.trust,
        keys,
        packageName: pkg.name,
        packageVersion: pkg.version,
        policy: { sourceUri: expectation.sourceUri ?? '', builderId },
        testing: context.testing,
        manifest: { name: locked.name, version: locked.version },
        sourceFromCertificate: tofu,
      }),
    );
    const [first, ...others] = [...new Set(sha512)];
    verdict = await judgeDigest(first!);
    for (const digest of others) {
      if (!verdict.ok) break;
      verdict = await judgeDigest(digest);
    }
  } catch (err) {
    return failed(asVerifyError(err));
  }
  if (!verdict.ok) return failed(verdict.error ?? new VerifyError('ErrorInternal', 'no verdict'));
  return { ...base, status: 'verified', error: undefined, note: undefined, publisher: publisherOf(verdict) };
}

export function publicRegistry(registry: string): boolean {
  return new URL(registry).origin === new URL(PUBLIC_NPM_REGISTRY).origin;
}
