import { anchoredIdentityPattern } from '../bundle-verify/identity.js';
import { VerifyError, type ErrorCode } from '../errors/index.js';
import type { CertificateClaims } from '../sigstore/certificate-claims.js';

export const GITHUB_OIDC_ISSUER = 'https://token.actions.githubusercontent.com';
export const GITHUB_HOSTED_RUNNER = 'github-hosted';
export const DEFAULT_PREDICATE_TYPE = 'https://slsa.dev/provenance/v1';
/** gh's default and its bounds. */
export const DEFAULT_LIMIT = 30;
export const MAX_LIMIT = 1000;

/** What `gh attestation verify` is told on its command line (offline: no --hostname, no tenancy). */
export interface AttestationPolicyFlags {
  owner?: string | undefined;
  repo?: string | undefined;
  signerWorkflow?: string | undefined;
  signerRepo?: string | undefined;
  signerDigest?: string | undefined;
  sourceRef?: string | undefined;
  sourceDigest?: string | undefined;
  certIdentity?: string | undefined;
  certIdentityRegex?: string | undefined;
  certOidcIssuer?: string | undefined;
  predicateType?: string | undefined;
  denySelfHostedRunners?: boolean | undefined;
  limit?: number | undefined;
}

/**
 * gh's enforcement criteria (verify/policy.go newEnforcementCriteria): the
 * SAN rule, and the certificate extensions compared case-insensitively
 * (verification/extensions.go), the runner exactly.
 */
export interface AttestationPolicy {
  predicateType: string;
  limit: number;
  san: { kind: 'exact'; value: string } | { kind: 'pattern'; pattern: RegExp; source: string };
  issuer: string;
  sourceRepositoryOwnerUri: string;
  sourceRepositoryUri: string | undefined;
  runnerEnvironment: string | undefined;
  buildSignerDigest: string | undefined;
  sourceRepositoryDigest: string | undefined;
  sourceRepositoryRef: string | undefined;
}

const NAME = /^[A-Za-z0-9._-]+$/;

function usage(message: string): VerifyError {
  return new VerifyError('ErrorUsage', message);
}

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** "OWNER/REPO" exactly, as gh's isProvidedRepoValid (two parts), with GitHub's name characters. */
function ownerAndRepo(value: string, flag: string): [string, string] {
  const parts = value.split('/');
  if (parts.length !== 2 || !NAME.test(parts[0]!) || !NAME.test(parts[1]!)) throw usage(`${flag} must be OWNER/REPO, got "${value}"`);
  return [parts[0]!, parts[1]!];
}

function nonEmpty(value: string | undefined, flag: string): string | undefined {
  if (value === undefined) return undefined;
  if (value === '') throw usage(`${flag} may not be empty`);
  return value;
}

/**
 * Builds the policy from the flags alone (nothing from the evidence), or
 * throws a usage VerifyError. Stricter than gh where gh builds a pattern
 * from a plain name: owner and repository names are escaped; a
 * `--signer-workflow` (a pattern, as in gh) must end where the SAN's "@ref"
 * begins; `--cert-identity-regex` must match the whole SAN (as cosign's
 * --certificate-identity-regexp here).
 */
export function attestationPolicy(flags: AttestationPolicyFlags): AttestationPolicy {
  const owner = nonEmpty(flags.owner, '--owner');
  const repo = nonEmpty(flags.repo, '--repo');
  if ((owner === undefined) === (repo === undefined)) throw usage('give exactly one of --owner or --repo');
  if (owner !== undefined && !NAME.test(owner)) throw usage(`--owner must be a GitHub account name, got "${owner}"`);
  const repoParts = repo === undefined ? undefined : ownerAndRepo(repo, '--repo');
  const effectiveOwner = repoParts ? repoParts[0] : owner!;

  const identityFlags = (['certIdentity', 'certIdentityRegex', 'signerRepo', 'signerWorkflow'] as const).filter((f) => flags[f] !== undefined);
  if (identityFlags.length > 1) throw usage('--cert-identity, --cert-identity-regex, --signer-repo and --signer-workflow exclude each other');

  const limit = flags.limit ?? DEFAULT_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) throw usage(`--limit must be between 1 and ${MAX_LIMIT}`);

  return {
    predicateType: nonEmpty(flags.predicateType, '--predicate-type') ?? DEFAULT_PREDICATE_TYPE,
    limit,
    san: sanRule(flags, repo, effectiveOwner),
    issuer: nonEmpty(flags.certOidcIssuer, '--cert-oidc-issuer') ?? GITHUB_OIDC_ISSUER,
    sourceRepositoryOwnerUri: `https://github.com/${effectiveOwner}`,
    sourceRepositoryUri: repo === undefined ? undefined : `https://github.com/${repo}`,
    runnerEnvironment: flags.denySelfHostedRunners === true ? GITHUB_HOSTED_RUNNER : undefined,
    buildSignerDigest: nonEmpty(flags.signerDigest, '--signer-digest'),
    sourceRepositoryDigest: nonEmpty(flags.sourceDigest, '--source-digest'),
    sourceRepositoryRef: nonEmpty(flags.sourceRef, '--source-ref'),
  };
}

function sanRule(flags: AttestationPolicyFlags, repo: string | undefined, owner: string): AttestationPolicy['san'] {
  const exact = nonEmpty(flags.certIdentity, '--cert-identity');
  if (exact !== undefined) return { kind: 'exact', value: exact };
  const regex = nonEmpty(flags.certIdentityRegex, '--cert-identity-regex');
  if (regex !== undefined) {
    let pattern: RegExp;
    try {
      pattern = anchoredIdentityPattern(regex);
    } catch (err) {
      throw err instanceof VerifyError ? usage(err.message.replace('--certificate-identity-regexp', '--cert-identity-regex')) : err;
    }
    return { kind: 'pattern', pattern, source: pattern.source };
  }
  const signerRepo = nonEmpty(flags.signerRepo, '--signer-repo');
  if (signerRepo !== undefined) {
    ownerAndRepo(signerRepo, '--signer-repo');
    return prefixRule(`https://github.com/${escapeRegExp(signerRepo)}/`);
  }
  const workflow = nonEmpty(flags.signerWorkflow, '--signer-workflow');
  if (workflow !== undefined) {
    // gh: "[host/]owner/repo/path/to/workflow"; a first segment with a dot is a host.
    const withHost = /^[a-zA-Z0-9-]+\.[a-zA-Z0-9-]+/.test(workflow) ? workflow : `github.com/${workflow}`;
    return compile(`^https://(?:${withHost})(?:@|$)`);
  }
  return prefixRule(`https://github.com/${escapeRegExp(repo ?? owner)}/`);
}

/** gh's "(?i)^https://github.com/NAME/": case-insensitive, a prefix ending at a path separator. */
function prefixRule(escapedPrefix: string): AttestationPolicy['san'] {
  return { kind: 'pattern', pattern: new RegExp(`^${escapedPrefix}`, 'i'), source: `(?i)^${escapedPrefix}` };
}

function compile(source: string): AttestationPolicy['san'] {
  try {
    return { kind: 'pattern', pattern: new RegExp(source, 'u'), source };
  } catch (err) {
    throw usage(`--signer-workflow: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function fail(code: ErrorCode, what: string, expected: string, actual: string | undefined): VerifyError {
  return new VerifyError(code, `expected ${what} to be ${expected}, got ${actual === undefined ? 'none' : `"${actual}"`}`, {
    expected,
    actual: actual ?? '',
  });
}

function equalFold(expected: string, actual: string | undefined): boolean {
  return actual !== undefined && expected.toLowerCase() === actual.toLowerCase();
}

/**
 * The verified certificate against the policy, in gh's order; the first
 * rule broken is thrown. The SAN is the URI (or email) SAN as signed.
 */
export function checkAttestationPolicy(claims: CertificateClaims, policy: AttestationPolicy): void {
  const san = claims.subjectAlternativeName;
  if (policy.san.kind === 'exact' ? san !== policy.san.value : !policy.san.pattern.test(san)) {
    const expected = policy.san.kind === 'exact' ? policy.san.value : policy.san.source;
    throw new VerifyError('ErrorMismatchCertificate', `signed by "${san}", which does not match ${expected}`, { expected, actual: san });
  }
  if (policy.runnerEnvironment !== undefined && claims.runnerEnvironment !== policy.runnerEnvironment) {
    throw fail('ErrorMismatchBuilderID', "the certificate's runner environment (1.11)", policy.runnerEnvironment, claims.runnerEnvironment);
  }
  if (!equalFold(policy.sourceRepositoryOwnerUri, claims.sourceRepositoryOwnerUri)) {
    throw fail('ErrorMismatchSource', 'the source repository owner (1.16)', policy.sourceRepositoryOwnerUri, claims.sourceRepositoryOwnerUri);
  }
  if (policy.sourceRepositoryUri !== undefined && !equalFold(policy.sourceRepositoryUri, claims.sourceRepositoryUri)) {
    throw fail('ErrorMismatchSource', 'the source repository (1.12)', policy.sourceRepositoryUri, claims.sourceRepositoryUri);
  }
  const issuer = claims.issuerV2 ?? claims.issuer;
  if (!equalFold(policy.issuer, issuer)) throw fail('ErrorInvalidOIDCIssuer', 'the OIDC issuer', policy.issuer, issuer);
  if (policy.buildSignerDigest !== undefined && !equalFold(policy.buildSignerDigest, claims.buildSignerDigest)) {
    throw fail('ErrorMismatchCertificate', 'the signer workflow digest (1.10)', policy.buildSignerDigest, claims.buildSignerDigest);
  }
  if (policy.sourceRepositoryDigest !== undefined && !equalFold(policy.sourceRepositoryDigest, claims.sourceRepositoryDigest)) {
    throw fail('ErrorMismatchSource', 'the source repository digest (1.13)', policy.sourceRepositoryDigest, claims.sourceRepositoryDigest);
  }
  if (policy.sourceRepositoryRef !== undefined && !equalFold(policy.sourceRepositoryRef, claims.sourceRepositoryRef)) {
    throw fail('ErrorMismatchSource', 'the source repository ref (1.14)', policy.sourceRepositoryRef, claims.sourceRepositoryRef);
  }
}

/** The criteria as gh prints them before verifying ("The following policy criteria will be enforced"). */
export function describePolicy(policy: AttestationPolicy): [string, string][] {
  const rows: [string, string][] = [['Predicate type must match', policy.predicateType]];
  rows.push(['Source Repository Owner URI must match', policy.sourceRepositoryOwnerUri]);
  if (policy.sourceRepositoryUri !== undefined) rows.push(['Source Repository URI must match', policy.sourceRepositoryUri]);
  if (policy.buildSignerDigest !== undefined) rows.push(['Signer workflow digest must match', policy.buildSignerDigest]);
  if (policy.sourceRepositoryDigest !== undefined) rows.push(['Source repository digest must match', policy.sourceRepositoryDigest]);
  if (policy.sourceRepositoryRef !== undefined) rows.push(['Source repository ref must match', policy.sourceRepositoryRef]);
  rows.push(policy.san.kind === 'exact' ? ['Subject Alternative Name must match', policy.san.value] : ['Subject Alternative Name must match regex', policy.san.source]);
  rows.push(['OIDC Issuer must match', policy.issuer]);
  if (policy.runnerEnvironment !== undefined) rows.push(['Action workflow Runner Environment must match', policy.runnerEnvironment]);
  return rows;
}
