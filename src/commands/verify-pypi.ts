import { hashArtifacts } from '../artifacts/hash-artifacts.js';
import { asVerifyError, VerifyError } from '../errors/index.js';
import { judgeDistribution, type PypiVerdict } from '../pypi/judge-dist.js';
import { readPypiEvidence, readPypiProvenance, type PypiEvidence } from '../pypi/provenance-file.js';
import { expectedPublisher, expectedServiceAccount, type ExpectedPublisher } from '../pypi/publisher-policy.js';
import { pypiFirstError, pypiPassed, type PypiReport } from '../pypi/report.js';
import { resolveTargets } from '../pypi/targets.js';
import { reportErrors, throwIfCannotRun } from '../report/failure.js';
import { errorJson, verdictOf } from '../report/json.js';
import type { VerifyPypiReport } from '../report/schema.js';
import type { TrustedRootInput } from './request.js';
import { resolveTrustRoot } from './trust.js';
import type { VerifyPypiRequest } from './requests.js';
import { DEFAULT_HTTP_OPTIONS, HttpClient, type HttpClientOptions } from '../net/http-client.js';
import { fetchDistProvenance } from '../pypi/fetch-dist-provenance.js';
import { indexCredentials, parseIndexUrl, PUBLIC_PYPI_INDEX } from '../pypi/index-url.js';

/** What the CLI adds to a request: HTTP limits (tests). */
export interface PypiRun extends VerifyPypiRequest {
  http?: Partial<HttpClientOptions> | undefined;
}

/** verify-pypi: targets, trust root and policy, then each distribution on its own. */
export async function runVerifyPypi(request: PypiRun): Promise<PypiReport> {
  try {
    const expected = expectedFromRequest(request);
    const targets = await resolveTargets(request.input, request.provenancePath, request.network === 'allowed');
    const index = targets.some((t) => t.provenancePath === undefined) ? indexFetcher(request) : undefined;
    const hashing = hashArtifacts(targets.map((t) => t.path), ['sha256']);
    hashing.catch(() => undefined);
    const trust = resolveTrustRoot(request.trustedRoot);
    const hashes = await hashing;
    const verdicts: PypiVerdict[] = [];
    for (const target of targets) {
      let provenance: PypiEvidence | VerifyError;
      try {
        const hash = hashes.get(target.path)!;
        if (target.provenancePath === undefined) {
          // Fetched only for a file whose bytes were read: its sha256 is what the index must list.
          if (!hash.ok) throw hash.error;
          index!.announce(target.distName);
          provenance = await fetchDistProvenance(index!.client, index!.indexUrl, target.distName, hash.digests.sha256 ?? '');
        } else if (request.provenancePath === undefined) provenance = await readPypiProvenance(target.provenancePath, target.missing);
        // A file named with --provenance may be a bare attestation, as `pypi-attestations verify attestation` takes.
        else provenance = await readPypiEvidence(target.provenancePath, target.missing);
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

/** The index a file's provenance is asked of, with --index-url's credentials for its origin only. */
function indexFetcher(request: PypiRun): { client: HttpClient; indexUrl: string; announce(file: string): void } {
  const { indexUrl, authorization } = parseIndexUrl(request.indexUrl ?? PUBLIC_PYPI_INDEX);
  const client = new HttpClient({ ...DEFAULT_HTTP_OPTIONS, ...request.http, credentials: (url) => indexCredentials({ indexUrl, authorization }, url) });
  return { client, indexUrl, announce: (file) => request.announce?.(`Fetching the index page and PEP 740 provenance of ${file} from ${indexUrl}`) };
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

/** `--format json`: schemaVersion 1, the envelope of the other commands with PyPI's evidence per distribution. */
export function pypiReport(report: PypiReport): VerifyPypiReport {
  return {
    schemaVersion: 1,
    command: 'verify-pypi',
    verdict: verdictOf(pypiPassed(report)),
    error: errorJson(pypiFirstError(report)),
    artifacts: report.verdicts.map((v) => ({
      path: v.path,
      digest: v.sha256 === undefined ? null : { sha256: v.sha256 },
      verdict: verdictOf(v.ok),
      error: errorJson(v.error),
      attestations: v.attestations.map((a) => ({
        predicateType: a.statement.predicateType,
        subjects: a.statement.subject,
        workflow: a.workflow ?? null,
        evidence: {
          signer: a.envelope.certificate.subjectAlternativeName,
          issuer: a.envelope.certificate.issuerV2 ?? null,
          sourceRepositoryUri: a.envelope.certificate.sourceRepositoryUri ?? null,
          sourceRepositoryRef: a.envelope.certificate.sourceRepositoryRef ?? null,
          commit: a.envelope.certificate.sourceRepositoryDigest ?? null,
          logIndex: a.envelope.logIndex ?? null,
          integratedTime: a.envelope.signingTime?.toISOString() ?? null,
        },
      })),
      checks: v.checks.length > 0 || !v.error ? v.checks : [{ id: 'evidence', status: 'fail', code: v.error.code, message: v.error.message }],
    })),
  };
}

/** verify-pypi: PEP 740 attestations of one distribution or a directory of them. */
export async function verifyPypi(request: VerifyPypiRequest): Promise<VerifyPypiReport> {
  const report = await runVerifyPypi(request);
  throwIfCannotRun(reportErrors(report));
  return pypiReport(report);
}

export type { VerifyPypiRequest };
