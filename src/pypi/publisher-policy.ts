import { VerifyError } from '../errors/index.js';
import type { CertificateClaims } from '../sigstore/certificate-claims.js';
import type { PypiPublisher } from './provenance-file.js';

/**
 * pypi-attestations' Trusted Publisher policies (_GitHubTrustedPublisherPolicy,
 * _GitLabTrustedPublisherPolicy, GooglePublisher's Identity policy) against
 * what the user expects. The certificate is the authority; the publisher PyPI
 * recorded beside the attestations is unsigned and must merely agree with it.
 */
export type ExpectedPublisher = ExpectedRepositoryPublisher | ExpectedGooglePublisher;

export interface ExpectedRepositoryPublisher {
  kind: 'GitHub' | 'GitLab';
  /** https://github.com/OWNER/REPO or https://gitlab.com/NAMESPACE/PROJECT (the certificate's spelling). */
  repositoryUrl: string;
  /** OWNER/REPO (GitLab: NAMESPACE/.../PROJECT). */
  slug: string;
  /** GitHub: the workflow file name; GitLab: the CI file path. */
  workflow: string | undefined;
  environment: string | undefined;
}

export interface ExpectedGooglePublisher {
  kind: 'Google';
  /** The service account email, as given: the certificate's email SAN must equal it. */
  email: string;
}

const GOOGLE_ISSUER = 'https://accounts.google.com';

const PLATFORMS = {
  GitHub: { host: 'github.com', issuer: 'https://token.actions.githubusercontent.com', segments: /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/ },
  GitLab: { host: 'gitlab.com', issuer: 'https://gitlab.com', segments: /^[A-Za-z0-9_.-]+(?:\/[A-Za-z0-9_.-]+)+$/ },
} as const;

/**
 * --repository: exactly github.com/OWNER/REPO or gitlab.com/NS/PROJECT, as
 * --source-uri is written everywhere else, or the same with https:// (no
 * suffix, no query, no other scheme). Compared exactly: no prefix, no fork.
 */
export function expectedPublisher(repository: string, workflow: string | undefined, environment: string | undefined): ExpectedRepositoryPublisher {
  for (const kind of ['GitHub', 'GitLab'] as const) {
    const host = `${PLATFORMS[kind].host}/`;
    const prefix = repository.startsWith(`https://${host}`) ? `https://${host}` : repository.startsWith(host) ? host : undefined;
    if (prefix === undefined) continue;
    const slug = repository.slice(prefix.length);
    if (!PLATFORMS[kind].segments.test(slug) || slug.split('/').some((s) => s === '.' || s === '..')) break;
    if (workflow !== undefined && (workflow === '' || workflow.includes('@') || (kind === 'GitHub' && workflow.includes('/')))) {
      throw new VerifyError('ErrorUsage', `--workflow ${JSON.stringify(workflow)}: expected a workflow file name such as release.yml`);
    }
    return { kind, repositoryUrl: `https://${host}${slug}`, slug, workflow, environment };
  }
  throw new VerifyError('ErrorUsage', `--repository ${JSON.stringify(repository)}: expected github.com/OWNER/REPO or gitlab.com/NAMESPACE/PROJECT (https:// may be written)`);
}

/** --service-account: one address, compared exactly (as sigstore-python's Identity policy). */
export function expectedServiceAccount(email: string): ExpectedGooglePublisher {
  if (!/^[^@\s]+@[^@\s]+$/.test(email)) {
    throw new VerifyError('ErrorUsage', `--service-account ${JSON.stringify(email)}: expected an email address such as NAME@PROJECT.iam.gserviceaccount.com`);
  }
  return { kind: 'Google', email };
}

/** What the verdict names as the expected publisher: the repository URL, or the service account. */
export function expectedIdentity(expected: ExpectedPublisher): string {
  return expected.kind === 'Google' ? expected.email : expected.repositoryUrl;
}

/** GooglePublisher's policy: issuer accounts.google.com and the email SAN equal to the service account. */
function verifyGoogleCertificate(claims: CertificateClaims, expected: ExpectedGooglePublisher): undefined {
  verifyIssuer(claims, GOOGLE_ISSUER);
  if (claims.subjectAlternativeNameKind !== 'email' || claims.subjectAlternativeName !== expected.email) {
    throw new VerifyError('ErrorMismatchPublisher', `certificate identity ${claims.subjectAlternativeName} != ${expected.email}`, {
      expected: expected.email,
      actual: claims.subjectAlternativeName,
    });
  }
  return undefined;
}

/** Every issuer claim present (1.8, 1.1) must be the platform's, and at least one must be present. */
function verifyIssuer(claims: CertificateClaims, issuer: string): void {
  for (const actual of [claims.issuerV2, claims.issuer]) {
    if (actual !== undefined && actual !== issuer) {
      throw new VerifyError('ErrorInvalidOIDCIssuer', `${actual} != ${issuer}`, { expected: issuer, actual });
    }
  }
  if (claims.issuerV2 === undefined && claims.issuer === undefined) {
    throw new VerifyError('ErrorInvalidOIDCIssuer', 'the certificate has no issuer (OID 1.8 or 1.1)', { expected: issuer });
  }
}

/**
 * Issuer, repository and build config of the signing certificate; returns the
 * workflow it names (none for a Google service account).
 */
export function verifyCertificatePublisher(claims: CertificateClaims, expected: ExpectedPublisher): string | undefined {
  if (expected.kind === 'Google') return verifyGoogleCertificate(claims, expected);
  const platform = PLATFORMS[expected.kind];
  verifyIssuer(claims, platform.issuer);
  if (claims.issuerV2 === undefined) throw new VerifyError('ErrorInvalidOIDCIssuer', 'the certificate has no issuer (OID 1.8)');
  // The platform's publisher is read from the extensions; an email-SAN certificate is no CI run's.
  if (claims.subjectAlternativeNameKind !== 'uri') {
    throw new VerifyError('ErrorInvalidCertificate', `the certificate identity is an email address (${claims.subjectAlternativeName}), not a ${expected.kind} workflow`);
  }

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
export function verifyRecordedPublisher(publisher: PypiPublisher, expected: ExpectedPublisher, certificateWorkflow: string | undefined): void {
  if (publisher.kind !== expected.kind) {
    throw new VerifyError('ErrorMismatchPublisher', `publisher kind ${publisher.kind}, expected ${expected.kind}`, { expected: expected.kind, actual: publisher.kind });
  }
  if (expected.kind === 'Google' || publisher.kind === 'Google') {
    // Both Google: the certificate's email SAN already equals expected.email; PyPI's record must name it too.
    const email = expected.kind === 'Google' ? expected.email : undefined;
    const recorded = publisher.kind === 'Google' ? publisher.email : undefined;
    if (email === undefined || recorded !== email) {
      throw new VerifyError('ErrorMismatchPublisher', `publisher email ${recorded ?? '(none)'} != certificate identity ${email ?? '(none)'}`, {
        expected: email ?? '',
        actual: recorded ?? '',
      });
    }
    return;
  }
  if (publisher.repository !== expected.slug) {
    throw new VerifyError('ErrorMismatchSource', `publisher repository ${publisher.repository} != ${expected.slug}`, { expected: expected.slug, actual: publisher.repository });
  }
  const recorded = publisher.kind === 'GitHub' ? publisher.workflow : publisher.workflow_filepath;
  if (certificateWorkflow === undefined || recorded !== certificateWorkflow) {
    throw new VerifyError('ErrorMismatchPublisher', `publisher workflow ${recorded} != certificate workflow ${certificateWorkflow ?? '(none)'}`, {
      expected: certificateWorkflow ?? '',
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
