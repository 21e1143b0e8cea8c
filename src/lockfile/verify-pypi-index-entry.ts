import { asVerifyError, VerifyError } from '../errors/index.js';
import { enforceCertificateRules } from '../policy/enforce.js';
import { normalizeRepository } from '../policy/repository.js';
import type { PolicyFile } from '../policy/schema.js';
import type { PypiIndexEvidence } from '../pypi/fetch-evidence.js';
import { judgeDistribution } from '../pypi/judge-dist.js';
import { parsePypiProvenance, type PypiProvenance } from '../pypi/provenance-file.js';
import { expectedPublisher, expectedServiceAccount, type ExpectedPublisher } from '../pypi/publisher-policy.js';
import type { TrustRoot } from '../sigstore/trusted-root.js';
import type { LockedPackage } from './locked-package.js';
import { missingProvenance } from './missing-provenance.js';
import { expectationFor, type PackageExpectation } from './package-rules.js';
import type { PackageResult, PublisherIdentity } from './package-result.js';
import { workflowPath } from './workflow-path.js';

export interface PypiIndexContext {
  trust: TrustRoot;
  policy: PolicyFile;
  tofu: boolean;
}

/**
 * One pinned Python release judged from the index's answers, without
 * downloading a distribution: each file the index lists with a pinned sha256
 * must carry PEP 740 provenance that verifies against that sha256 and
 * filename, from the policy's repository (or, trusting on first use, from the
 * publisher PyPI recorded, which the certificate must then show). Every file
 * of the release must come from one publisher.
 */
export function verifyPypiIndexEntry(pkg: LockedPackage, evidence: PypiIndexEvidence, context: PypiIndexContext): PackageResult {
  const label = `${pkg.name}==${pkg.version}`;
  const files = evidence.files.map((f) => f.filename);
  const base = { ecosystem: 'pypi' as const, name: pkg.name, version: pkg.version, files, publisher: undefined, pin: undefined };
  const failed = (error: VerifyError): PackageResult => ({ ...base, status: 'failed', error, note: undefined });
  if (evidence.mismatched.length > 0) {
    return failed(new VerifyError('ErrorMismatchHash', `${label}: ${evidence.index} lists ${evidence.mismatched[0]!} with another sha256 than the lockfile pins`));
  }
  if (files.length === 0) return failed(new VerifyError('ErrorNotPresent', `${label}: ${evidence.index} lists no file with a pinned sha256`));
  // Every pin must be a file the index lists: pip (hash-only pins) installs whichever pinned file it finds, from any index.
  if (evidence.unlisted.length > 0) {
    return failed(new VerifyError('ErrorNotPresent', `${label}: ${evidence.index} lists no file with sha256 ${evidence.unlisted[0]!.slice(0, 16)}... that the lockfile pins`));
  }
  let expectation: PackageExpectation;
  try {
    expectation = expectationFor(context.policy, pkg);
  } catch (err) {
    return failed(asVerifyError(err));
  }
  const tofu = context.tofu && expectation.sourceUri === undefined;
  const unattested = evidence.files.filter((f) => f.provenance === undefined).map((f) => f.filename);
  if (unattested.length > 0) {
    if (evidence.attestedEarlier.length > 0) {
      return failed(new VerifyError('ErrorEvidenceDowngrade', `${label}: ${unattested[0]!} has no provenance, but earlier releases (${evidence.attestedEarlier.slice(0, 3).join(', ')}) had it`));
    }
    const why = `no provenance on the index (${unattested.join(', ')})`;
    if (tofu && expectation.rules.missingProvenance === undefined) return { ...base, status: 'allowed', error: undefined, note: why };
    return missingProvenance(base, expectation.missingProvenance, why);
  }
  if (!tofu && expectation.sourceUri === undefined) {
    return missingProvenance(base, expectation.missingProvenance, 'the policy names no single source repository for this package');
  }

  let publisher: PublisherIdentity | undefined;
  try {
    for (const file of evidence.files) {
      let provenance: PypiProvenance;
      try {
        provenance = parsePypiProvenance(file.provenance);
      } catch (err) {
        return failed(asVerifyError(err).withContext(file.filename));
      }
      const expected = tofu ? recordedPublisher(provenance) : expectedPublisher(`https://${expectation.sourceUri!}`, undefined, undefined);
      const verdict = judgeDistribution(file.filename, file.filename, { ok: true, digests: { sha256: file.sha256 } }, provenance, { trust: context.trust, expected });
      if (!verdict.ok) return failed((verdict.error ?? new VerifyError('ErrorInternal', 'no verdict')).withContext(file.filename));
      for (const attestation of verdict.attestations) {
        enforceCertificateRules(expectation.rules, attestation.envelope.certificate, attestation.statement.predicateType, 'PEP 740 attestations');
      }
      const first = verdict.attestations[0];
      const identity: PublisherIdentity = {
        repository: normalizeRepository(first?.envelope.certificate.sourceRepositoryUri ?? ''),
        workflow: workflowPath(first?.envelope.certificate.buildConfigUri ?? ''),
        builder: first?.envelope.certificate.issuerV2 ?? '',
      };
      if (publisher && JSON.stringify(publisher) !== JSON.stringify(identity)) {
        return failed(new VerifyError('ErrorMismatchPublisher', `${file.filename}: published by ${identity.repository} ${identity.workflow}, another file by ${publisher.repository} ${publisher.workflow}`));
      }
      publisher = identity;
    }
  } catch (err) {
    return failed(asVerifyError(err));
  }
  return { ...base, status: 'verified', error: undefined, note: undefined, publisher };
}

/** Trust on first use: the publisher PyPI recorded in the first bundle is expected; the certificates must show it. */
function recordedPublisher(provenance: PypiProvenance): ExpectedPublisher {
  const publisher = provenance.attestation_bundles[0]!.publisher;
  if (publisher.kind === 'Google') return expectedServiceAccount(publisher.email);
  const host = publisher.kind === 'GitHub' ? 'github.com' : 'gitlab.com';
  return expectedPublisher(`https://${host}/${publisher.repository}`, undefined, undefined);
}
