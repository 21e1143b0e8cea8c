import { VerifyError } from '../errors/index.js';
import type { CertificateClaims } from '../sigstore/certificate-claims.js';
import type { PypiPublisher } from './provenance-file.js';

/**
 * pypi-attestations' Trusted Publisher policies (_GitHubTrustedPublisherPolicy,
 * _GitLabTrustedPublisherPolicy) against what the user expects. The
 * certificate is the authority; the publisher PyPI recorded beside the
 * attestations is unsigned and must merely agree with it.
 */
export interface ExpectedPublisher {
  kind: 'GitHub' | 'GitLab';
  /** https://github.com/OWNER/REPO or https://gitlab.com/NAMESPACE/PROJECT, as given. */
  repositoryUrl: string;
  /** OWNER/REPO (GitLab: NAMESPACE/.../PROJECT). */
  slug: string;
  /** GitHub: the workflow file name; GitLab: the CI file path. */
  workflow: string | undefined;
  environment: string | undefined;
}

const PLATFORMS = {
  GitHub: { host: 'github.com', issuer: 'https://token.actions.githubusercontent.com', segments: /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/ },
  GitLab: { host: 'gitlab.com', issuer: 'https://gitlab.com', segments: /^[A-Za-z0-9_.-]+(?:\/[A-Za-z0-9_.-]+)+$/ },
} as const;

/** --repository: exactly https://github.com/OWNER/REPO or https://gitlab.com/NS/PROJECT (no suffix, no query). */
export function expectedPublisher(repository: string, workflow: string | undefined, environment: string | undefined): ExpectedPublisher {
  for (const kind of ['GitHub', 'GitLab'] as const) {
    const prefix = `https://${PLATFORMS[kind].host}/`;
    if (!repository.startsWith(prefix)) continue;
    const slug = repository.slice(prefix.length);
    if (!PLATFORMS[kind].segments.test(slug) || slug.split('/').some((s) => s === '.' || s === '..')) break;
    if (workflow !== undefined && (workflow === '' || workflow.includes('@') || (kind === 'GitHub' && workflow.includes('/')))) {
      throw new VerifyError('ErrorUsage', `--workflow ${JSON.stringify(workflow)}: expected a workflow file name such as release.yml`);
    }
    return { kind, repositoryUrl: repository, slug, workflow, environment };
  }
  throw new VerifyError('ErrorUsage', `--repository ${JSON.stringify(repository)}: expected https://github.com/OWNER/REPO or https://gitlab.com/NAMESPACE/PROJECT`);
}

/** Issuer, repository and build config of the signing certificate; returns the workflow it names. */
export function verifyCertificatePublisher(claims: CertificateClaims, expected: ExpectedPublisher): string {
  const platform = PLATFORMS[expected.kind];
  for (const issuer of [claims.issuerV2, claims.issuer]) {
    if (issuer !== undefined && issuer !== platform.issuer) {
      throw new VerifyError('ErrorInvalidOIDCIssuer', `${issuer} != ${platform.issuer}`, { expected: platform.issuer, actual: issuer });
    }
  }
  if (claims.issuerV2 === undefined) throw new VerifyError('ErrorInvalidOIDCIssuer', 'the certificate has no issuer (OID 1.8)');

  if (claims.sourceRepositoryUri !== expected.repositoryUrl) {
    throw new VerifyError('ErrorMismatchSource', `certificate repository ${claims.sourceRepositoryUri ?? '(none)'} != ${expected.repositoryUrl}`, {
      expected: expected.repositoryUrl,
      actual: claims.sourceRepositoryUri ?? '',
    });
  }

  const config = claims.buildConfigUri;
  if (config === undefined) throw new VerifyError('ErrorInvalidCertificate', 'the certificate has no build config URI (OID 1.18)');
  // GitHub requires one of digest and ref, GitLab both (as pypi-attestations).
  const suffixes = [claims.sourceRepositoryDigest, claims.sourceRepositoryRef].filter((s): s is string => s !== undefined);
  if (suffixes.length === 0 || (expected.kind === 'GitLab' && suffixes.length !== 2)) {
    throw new VerifyError('ErrorInvalidCertificate', 'the certificate lacks the source repository digest or ref (OID 1.13, 1.14)');
  }
  const base = expected.kind === 'GitHub' ? `${expected.repositoryUrl}/.github/workflows/` : `${expected.repositoryUrl}//`;
  for (const suffix of suffixes) {
    const tail = `@${suffix}`;
    if (!config.startsWith(base) || !config.endsWith(tail)) continue;
    const workflow = config.slice(base.length, config.length - tail.length);
    const wellFormed = workflow !== '' && !workflow.includes('@') && (expected.kind === 'GitLab' || !workflow.includes('/'));
    if (!wellFormed) continue;
    if (expected.workflow !== undefined && workflow !== expected.workflow) {
      throw new VerifyError('ErrorMismatchPublisher', `certificate workflow ${workflow} != ${expected.workflow}`, { expected: expected.workflow, actual: workflow });
    }
    return workflow;
  }
  throw new VerifyError('ErrorMismatchPublisher', `build config URI ${config} is not a workflow of ${expected.repositoryUrl} at the signed ref or digest`, {
    actual: config,
  });
}

/** The publisher PyPI recorded must be the certificate's, and in the expected environment. */
export function verifyRecordedPublisher(publisher: PypiPublisher, expected: ExpectedPublisher, certificateWorkflow: string): void {
  // A Google service account signs with an email SAN, which the certificate stage does not read.
  if (publisher.kind === 'Google') throw new VerifyError('ErrorNotSupported', 'Google Cloud publishers are not supported');
  if (publisher.kind !== expected.kind) {
    throw new VerifyError('ErrorMismatchPublisher', `publisher kind ${publisher.kind}, expected ${expected.kind}`, { expected: expected.kind, actual: publisher.kind });
  }
  if (publisher.repository !== expected.slug) {
    throw new VerifyError('ErrorMismatchSource', `publisher repository ${publisher.repository} != ${expected.slug}`, { expected: expected.slug, actual: publisher.repository });
  }
  const recorded = publisher.kind === 'GitHub' ? publisher.workflow : publisher.workflow_filepath;
  if (recorded !== certificateWorkflow) {
    throw new VerifyError('ErrorMismatchPublisher', `publisher workflow ${recorded} != certificate workflow ${certificateWorkflow}`, {
      expected: certificateWorkflow,
      actual: recorded,
    });
  }
  if (expected.environment !== undefined && publisher.environment !== expected.environment) {
    throw new VerifyError('ErrorMismatchPublisher', `publisher environment ${publisher.environment ?? '(none)'} != ${expected.environment}`, {
      expected: expected.environment,
      actual: publisher.environment ?? '',
    });
  }
}
