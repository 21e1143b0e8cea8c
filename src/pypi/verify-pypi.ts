import { hashArtifacts } from '../artifacts/hash-artifacts.js';
import { asVerifyError, VerifyError } from '../errors/index.js';
import { loadTrustRoot } from '../sigstore/trusted-root.js';
import { judgeDistribution, type PypiVerdict } from './judge-dist.js';
import { readPypiProvenance, type PypiProvenance } from './provenance-file.js';
import { expectedPublisher, expectedServiceAccount, type ExpectedPublisher } from './publisher-policy.js';
import { resolveTargets } from './targets.js';

export interface VerifyPypiRequest {
  input: string;
  provenancePath: string | undefined;
  /** Exactly one of repository and serviceAccount. */
  repository: string | undefined;
  serviceAccount: string | undefined;
  workflow: string | undefined;
  environment: string | undefined;
  trustedRootPath: string | undefined;
}

export interface PypiReport {
  /** Run-level failure before any distribution was judged. */
  error: VerifyError | undefined;
  verdicts: PypiVerdict[];
}

export function pypiPassed(report: PypiReport): boolean {
  return report.error === undefined && report.verdicts.length > 0 && report.verdicts.every((v) => v.ok);
}

export function pypiFirstError(report: PypiReport): VerifyError | undefined {
  return report.error ?? report.verdicts.find((v) => !v.ok)?.error;
}

/** verify-pypi: targets, trust root and policy, then each distribution on its own. */
export async function verifyPypi(request: VerifyPypiRequest): Promise<PypiReport> {
  try {
    const expected = expectedFromRequest(request);
    const targets = await resolveTargets(request.input, request.provenancePath);
    const hashing = hashArtifacts(targets.map((t) => t.path), ['sha256']);
    hashing.catch(() => undefined);
    const trust = loadTrustRoot(request.trustedRootPath);
    const hashes = await hashing;
    const verdicts: PypiVerdict[] = [];
    for (const target of targets) {
      let provenance: PypiProvenance | VerifyError;
      try {
        provenance = await readPypiProvenance(target.provenancePath, target.missing);
      } catch (err) {
        provenance = asVerifyError(err);
      }
      verdicts.push(judgeDistribution(target.path, target.distName, hashes.get(target.path)!, provenance, { trust, expected }));
    }
    return { error: undefined, verdicts };
  } catch (err) {
    return { error: asVerifyError(err), verdicts: [] };
  }
}

/** --repository (GitHub, GitLab) or --service-account (Google): exactly one; --workflow and --environment need a repository. */
export function expectedFromRequest(request: Pick<VerifyPypiRequest, 'repository' | 'serviceAccount' | 'workflow' | 'environment'>): ExpectedPublisher {
  const { repository, serviceAccount } = request;
  if (serviceAccount !== undefined && repository === undefined) {
    // A Google publisher has no workflow or environment to check: refuse rather than ignore them.
    if (request.workflow !== undefined || request.environment !== undefined) {
      throw new VerifyError('ErrorUsage', '--workflow and --environment apply to --repository publishers, not --service-account');
    }
    return expectedServiceAccount(serviceAccount);
  }
  if (repository !== undefined && serviceAccount === undefined) return expectedPublisher(repository, request.workflow, request.environment);
  throw new VerifyError('ErrorUsage', 'give exactly one of --repository and --service-account');
}
