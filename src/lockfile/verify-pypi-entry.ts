import { join } from 'node:path';
import type { HashOutcome } from '../artifacts/hash-artifacts.js';
import { asVerifyError, VerifyError } from '../errors/index.js';
import { enforceCertificateRules } from '../policy/enforce.js';
import { normalizeRepository } from '../policy/repository.js';
import type { PolicyFile } from '../policy/schema.js';
import { canonicalProject, type DistName } from '../pypi/dist-filename.js';
import { judgeDistribution } from '../pypi/judge-dist.js';
import { readPypiProvenance } from '../pypi/provenance-file.js';
import { expectedPublisher } from '../pypi/publisher-policy.js';
import type { TrustRoot } from '../sigstore/trusted-root.js';
import type { LockedPackage } from './locked-package.js';
import { missingProvenance } from './missing-provenance.js';
import { expectationFor, type PackageExpectation } from './package-rules.js';
import type { PackageResult, PublisherIdentity } from './package-result.js';
import { workflowPath } from './workflow-path.js';

export interface PypiTreeContext {
  dir: string;
  trust: TrustRoot;
  policy: PolicyFile;
  /** Distributions in the directory, by filename. */
  dists: ReadonlyMap<string, DistName>;
  /** Filenames in the directory (any kind), to tell a missing provenance file. */
  present: ReadonlySet<string>;
  hash(path: string): Promise<HashOutcome>;
}

/**
 * One pinned Python package: its distributions in the directory (those the
 * lockfile names, or for requirements.txt every file of NAME==VERSION) must
 * each match a pinned sha256 (what pip --require-hashes checks), then carry
 * PEP 740 provenance from the policy's repository.
 */
export async function verifyPypiEntry(pkg: LockedPackage, context: PypiTreeContext): Promise<PackageResult> {
  const project = canonicalProject(pkg.name);
  const files = pkg.files
    ? pkg.files.filter((f) => context.present.has(f))
    : [...context.dists].filter(([, d]) => d.project === project && d.version === pkg.version.toLowerCase()).map(([f]) => f).sort();
  const base = { ecosystem: 'pypi' as const, name: pkg.name, version: pkg.version, files, publisher: undefined, pin: undefined };
  const failed = (error: VerifyError): PackageResult => ({ ...base, status: 'failed', error, note: undefined });
  if (files.length === 0) return failed(new VerifyError('ErrorNotPresent', `no distribution of ${pkg.name}==${pkg.version} in ${context.dir}`));

  let expectation: PackageExpectation;
  try {
    expectation = expectationFor(context.policy, pkg);
  } catch (err) {
    return failed(asVerifyError(err));
  }
  const hashes = new Map<string, HashOutcome>();
  for (const file of files) {
    const hash = await context.hash(join(context.dir, file));
    if (!hash.ok) return failed(hash.error);
    const sha256 = hash.digests.sha256 ?? '';
    const allowed = pkg.fileDigests?.get(file) !== undefined ? [pkg.fileDigests.get(file)!] : (pkg.digests.sha256 ?? []);
    if (!allowed.includes(sha256)) return failed(new VerifyError('ErrorMismatchHash', `${file} does not match a pinned sha256`, { expected: allowed[0], actual: sha256 }));
    hashes.set(file, hash);
  }
  const unattested = files.filter((f) => !context.present.has(`${f}.provenance`));
  if (unattested.length > 0) return missingProvenance(base, expectation.missingProvenance, `no provenance (${unattested.map((f) => `${f}.provenance`).join(', ')})`);
  if (expectation.sourceUri === undefined) {
    return missingProvenance(base, expectation.missingProvenance, 'the policy names no single source repository for this package');
  }

  let publisher: PublisherIdentity | undefined;
  try {
    const expected = expectedPublisher(`https://${expectation.sourceUri}`, undefined, undefined);
    for (const file of files) {
      const path = join(context.dir, file);
      const provenance = await readPypiProvenance(`${path}.provenance`, 'ErrorNotPresent').catch((err: unknown) => asVerifyError(err));
      const verdict = judgeDistribution(path, file, hashes.get(file)!, provenance, { trust: context.trust, expected });
      const first = verdict.attestations[0];
      const identity: PublisherIdentity = {
        repository: normalizeRepository(first?.envelope.certificate.sourceRepositoryUri ?? ''),
        workflow: workflowPath(first?.envelope.certificate.buildConfigUri ?? ''),
        builder: first?.envelope.certificate.issuerV2 ?? '',
      };
      if (!verdict.ok) {
        const error = (verdict.error ?? new VerifyError('ErrorInternal', 'no verdict')).withContext(file);
        return { ...failed(error), ...(first ? { seen: identity } : {}) };
      }
      // The policy's rules the certificate can show (ref, runner, level) hold for every attestation.
      for (const attestation of verdict.attestations) {
        enforceCertificateRules(expectation.rules, attestation.envelope.certificate, attestation.statement.predicateType, 'PEP 740 attestations');
      }
      // Every file of one release must come from one publisher.
      if (publisher && JSON.stringify(publisher) !== JSON.stringify(identity)) {
        return failed(new VerifyError('ErrorMismatchPublisher', `${file}: published by ${identity.repository} ${identity.workflow}, another file by ${publisher.repository} ${publisher.workflow}`));
      }
      publisher = identity;
    }
  } catch (err) {
    return failed(asVerifyError(err));
  }
  return { ...base, status: 'verified', error: undefined, note: undefined, publisher };
}
