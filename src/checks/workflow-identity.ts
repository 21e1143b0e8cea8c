import { VerifyError } from '../errors/index.js';
import type { CertificateClaims } from '../sigstore/certificate-claims.js';

/**
 * The GitHub workflow run the Fulcio certificate describes, with its
 * extensions cross-checked as slsa-verifier's GetWorkflowInfoFromCertificate
 * does: each deprecated OID (1.2-1.5) must agree with its v2 counterpart
 * (1.8-1.21), and at least one of each required pair must be present.
 */
export interface WorkflowIdentity {
  /** "owner/repo" of the repository the workflow ran in. */
  sourceRepository: string;
  /** Commit the run was triggered at. */
  sourceSha1: string;
  sourceRef: string | undefined;
  sourceId: string | undefined;
  sourceOwnerId: string | undefined;
  /** The signing workflow (the URI SAN): for a reusable workflow, the builder. */
  subjectWorkflow: SubjectWorkflow;
  subjectSha1: string | undefined;
  /** Fulcio 1.11 as signed ("github-hosted", "self-hosted", or anything else Fulcio may add); undefined when absent. */
  runnerEnvironment: string | undefined;
  buildTrigger: string;
  /** Path of the caller workflow in the source repository. */
  buildConfigPath: string | undefined;
  runId: string | undefined;
  issuer: string;
}

export interface SubjectWorkflow {
  /** The SAN as written. */
  uri: string;
  /** scheme://host */
  origin: string;
  /** URL path, starting with "/". */
  path: string;
}

/** The workflow without its ref: "https://github.com/o/r/.github/workflows/w.yml". */
export function subjectWorkflowName(w: SubjectWorkflow): string {
  return w.origin + w.path.split('@')[0]!;
}

/** The ref after the first "@" in the path, or "". */
export function subjectWorkflowRef(w: SubjectWorkflow): string {
  const at = w.path.indexOf('@');
  return at < 0 ? '' : w.path.slice(at + 1);
}

function mismatch(deprecated: string, current: string): VerifyError {
  return new VerifyError('ErrorInvalidFormat', `'${deprecated}' != '${current}'`, { expected: deprecated, actual: current });
}

/** Both present must agree; both absent is an error. Go treats "" as absent. */
function validateClaimsEqual(deprecated: string, current: string): void {
  if (deprecated !== '' && current !== '' && deprecated !== current) throw mismatch(deprecated, current);
  if (deprecated === '' && current === '') throw new VerifyError('ErrorInvalidFormat', 'claims are empty');
}

function equalClaims(deprecated: string | undefined, current: string | undefined, oids: string): string {
  const d = deprecated ?? '';
  const c = current ?? '';
  try {
    validateClaimsEqual(d, c);
  } catch (err) {
    throw err instanceof VerifyError ? err.withContext(`certificate ${oids}`) : err;
  }
  return c !== '' ? c : d;
}

function sameWhenBothPresent(first: string | undefined, second: string | undefined, what: string): void {
  if ((first ?? '') !== '' && (second ?? '') !== '' && first !== second) {
    throw new VerifyError('ErrorInvalidFormat', `certificate ${what}: '${first}' != '${second}'`, { expected: first, actual: second });
  }
}

/**
 * Parses the SAN like Go's net/url for the parts slsa-verifier uses. A URI
 * with a query, a fragment or percent-escapes is rejected: GitHub never
 * issues one, and Go would re-encode it in ways we would have to guess.
 */
function parseSubjectWorkflow(san: string): SubjectWorkflow {
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)([^?#]*)$/.exec(san);
  if (!m || san.includes('%')) throw new VerifyError('ErrorMalformedURI', `unsupported workflow URI: "${san}"`, { actual: san });
  const path = m[3]!;
  if (!path.startsWith('/')) throw new VerifyError('ErrorInvalidFormat', path || san);
  return { uri: san, origin: `${m[1]!.toLowerCase()}://${m[2]!}`, path };
}

export function workflowIdentityFromCertificate(c: CertificateClaims): WorkflowIdentity {
  // An email SAN (e.g. a Google service account) names no workflow: refuse it, as a certificate without a URI SAN always was.
  if (c.subjectAlternativeNameKind !== 'uri') {
    throw new VerifyError('ErrorInvalidCertificate', `the certificate identity is an email address (${c.subjectAlternativeName}), not a GitHub Actions workflow URI`, {
      actual: c.subjectAlternativeName,
    });
  }
  const buildTrigger = equalClaims(c.githubWorkflowTrigger, c.buildTrigger, '1.2/1.20 build trigger');
  const sourceSha1 = equalClaims(c.githubWorkflowSha, c.sourceRepositoryDigest, '1.3/1.13 source digest');
  // The caller workflow lives in the source repository, at the same commit.
  if ((c.buildConfigDigest ?? '') !== '' && c.buildConfigDigest !== sourceSha1) {
    throw new VerifyError('ErrorInvalidFormat', `1.19 build config digest: '${sourceSha1}' != '${c.buildConfigDigest}'`, {
      expected: sourceSha1,
      actual: c.buildConfigDigest,
    });
  }
  const issuer = equalClaims(c.issuer, c.issuerV2, '1.1/1.8 issuer');
  // Redundant copies slsa-verifier does not compare; Fulcio writes them from one token, so they must agree.
  sameWhenBothPresent(c.githubWorkflowRef, c.sourceRepositoryRef, '1.6/1.14 source ref');
  sameWhenBothPresent(c.subjectAlternativeName, c.buildSignerUri, 'subject alternative name/1.9 build signer URI');

  const deprecatedRepo = c.githubWorkflowRepository ?? '';
  const sourceUri = c.sourceRepositoryUri ?? '';
  if (deprecatedRepo !== '' && sourceUri !== '' && `https://github.com/${deprecatedRepo}` !== sourceUri) {
    throw new VerifyError('ErrorInvalidFormat', `1.5/1.12 source repository: 'https://github.com/${deprecatedRepo}' != '${sourceUri}'`, {
      expected: `https://github.com/${deprecatedRepo}`,
      actual: sourceUri,
    });
  }
  let sourceRepository = sourceUri.startsWith('https://github.com/') ? sourceUri.slice('https://github.com/'.length) : sourceUri;
  if (sourceRepository === '') sourceRepository = deprecatedRepo;

  let buildConfigPath: string | undefined;
  const buildConfigUri = c.buildConfigUri ?? '';
  if (buildConfigUri !== '') {
    const parts = buildConfigUri.split('@');
    if (parts.length !== 2) throw new VerifyError('ErrorInvalidFormat', `1.18 build config URI: ${buildConfigUri}`);
    const prefix = `https://github.com/${sourceRepository}/`;
    if (!parts[0]!.startsWith(prefix)) {
      throw new VerifyError('ErrorInvalidFormat', `1.18 build config URI prefix: ${parts[0]!}`, { expected: prefix, actual: parts[0] });
    }
    buildConfigPath = parts[0]!.slice(prefix.length) || undefined;
  }

  const runUri = c.runInvocationUri ?? '';
  const runsPrefix = `https://github.com/${sourceRepository}/actions/runs/`;
  const runId = runUri.startsWith(runsPrefix) ? runUri.slice(runsPrefix.length) : runUri;

  const subjectWorkflow = parseSubjectWorkflow(c.subjectAlternativeName);

  return {
    sourceRepository,
    sourceSha1,
    sourceRef: c.sourceRepositoryRef || undefined,
    sourceId: c.sourceRepositoryIdentifier || undefined,
    sourceOwnerId: c.sourceRepositoryOwnerIdentifier || undefined,
    subjectWorkflow,
    subjectSha1: c.buildSignerDigest || undefined,
    runnerEnvironment: c.runnerEnvironment,
    buildTrigger,
    buildConfigPath,
    runId: runId || undefined,
    issuer,
  };
}
