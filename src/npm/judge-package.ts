import type { HashOutcome } from '../artifacts/hash-artifacts.js';
import type { CheckResult, SlsaPolicy } from '../checks/run-checks.js';
import { asVerifyError, VerifyError } from '../errors/index.js';
import { judgeArtifact, type ArtifactVerdict } from '../pipeline/judge-artifact.js';
import { verifyEvidence } from '../pipeline/verify-evidence.js';
import { normalizeRepository } from '../policy/repository.js';
import type { TrustRoot } from '../sigstore/trusted-root.js';
import type { NpmAttestations } from './attestations.js';
import { verifyIntotoHeaders } from './intoto-headers.js';
import { verifyPackageName, verifyPackageVersion, type PackageClaims } from './package-identity.js';
import { parsePublishStatement, verifyPublishSubjectDigest } from './publish-statement.js';
import type { RegistryKeys } from './registry-keys.js';
import { readTarballManifest } from './tarball.js';
import { verifyPublishBundle } from './verify-publish.js';

export interface NpmPackageContext {
  trust: TrustRoot;
  keys: RegistryKeys;
  packageName: string;
  packageVersion: string;
  policy: SlsaPolicy;
  testing: boolean;
  /**
   * Without a tarball at hand (verified by the lockfile's integrity): the
   * registry's version entry stands in for the tarball's package.json as the
   * fourth claim of name and version.
   */
  manifest?: { name: string; version: string };
  /**
   * Trust on first use: no source was named, so the verified certificate's
   * repository is the expected source (the caller pins it).
   */
  sourceFromCertificate?: boolean;
}

/**
 * One tarball against its npm attestations, in slsa-verifier's order
 * (VerifyNpmPackage): both signatures, the statement headers, the tarball's
 * sha512 in the publish attestation, the SLSA checks on the provenance
 * (shared with verify-artifact), then the package name and version.
 */
export async function judgeNpmPackage(
  path: string,
  hash: HashOutcome,
  attestations: NpmAttestations,
  context: NpmPackageContext,
): Promise<ArtifactVerdict> {
  const failed = (error: VerifyError): ArtifactVerdict => ({
    path, digests: hash.ok ? hash.digests : undefined, ok: false, error,
    line: undefined, envelope: undefined, statement: undefined, checks: undefined,
  });
  if (!hash.ok) return failed(hash.error);
  const sha512 = hash.digests.sha512;
  if (sha512 === undefined) return failed(new VerifyError('ErrorInvalidHash', 'no sha512 digest of the tarball'));

  let publishClaims: PackageClaims['publish'];
  const [provenance] = verifyEvidence([{ kind: 'bundle', line: 1, json: attestations.provenance.bundle }], context.trust);
  try {
    if (!provenance || !provenance.ok) throw provenance?.error ?? new VerifyError('ErrorNoValidSignature', 'no provenance');
    const publish = verifyPublishBundle(attestations.publish.bundle, context.trust, context.keys);
    verifyIntotoHeaders('provenance', attestations.provenance.predicateType, provenance.envelope.payloadType, provenance.envelope.payload);
    verifyIntotoHeaders('publish', attestations.publish.predicateType, publish.payloadType, publish.payload);
    publishClaims = parsePublishStatement(publish.payload);
    verifyPublishSubjectDigest(publishClaims, sha512);
  } catch (err) {
    return failed(asVerifyError(err));
  }

  const certificateSource = provenance.envelope.certificate.sourceRepositoryUri;
  // Trust on first use takes the source from the certificate: one without it would compare '' with ''.
  if (context.sourceFromCertificate === true && !certificateSource) {
    return failed(new VerifyError('ErrorMismatchSource', 'the signing certificate names no source repository to pin'));
  }
  const policy = context.sourceFromCertificate === true ? { ...context.policy, sourceUri: normalizeRepository(certificateSource ?? '') } : context.policy;
  const verdict = judgeArtifact(path, hash, [provenance], { command: 'verify-npm-package', policy, testing: context.testing });
  if (!verdict.ok || !verdict.statement || !verdict.checks) return verdict;

  const checks: CheckResult[] = verdict.checks.checks;
  try {
    const claims: PackageClaims = {
      provenanceSubjects: verdict.statement.subject,
      publish: publishClaims,
      manifest: context.manifest ?? (await readTarballManifest(path)),
    };
    run(checks, 'package-name', context.packageName, () => verifyPackageName(claims, context.packageName));
    run(checks, 'package-version', context.packageVersion, () => verifyPackageVersion(claims, context.packageVersion));
  } catch (err) {
    const error = asVerifyError(err);
    for (const id of ['package-name', 'package-version'] as const) {
      if (!checks.some((c) => c.id === id)) checks.push({ id, status: 'skipped', message: 'not run: an earlier check failed' });
    }
    verdict.ok = false;
    verdict.error = error;
    verdict.checks.ok = false;
    verdict.checks.error = error;
    delete verdict.checks.builderId;
  }
  return verdict;
}

/** Records one check; a failure is recorded and rethrown. */
function run(checks: CheckResult[], id: 'package-name' | 'package-version', expected: string, check: () => void): void {
  try {
    check();
    checks.push({ id, status: 'pass', expected });
  } catch (err) {
    const error = asVerifyError(err);
    checks.push({ id, status: 'fail', expected, code: error.code, message: error.message, ...(error.actual === undefined ? {} : { actual: error.actual }) });
    throw error;
  }
}
