import { escapeText } from '../report/escape-text.js';
import { BUILD_TYPES } from '../provenance/builders.js';
import { VSA_PREDICATE_TYPE } from '../vsa/statement.js';
import type { UnverifiedAttestation } from './read-attestation.js';
import type { DocumentKind } from './read-document.js';

/** Single-quotes a word for a POSIX shell unless it is plainly safe (`'` itself as `'\''`). */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_./:@=+,-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

const NPM_CLI_BUILD_TYPES: ReadonlySet<string> = new Set([BUILD_TYPES.npmCliV1, BUILD_TYPES.npmCliV2, BUILD_TYPES.npmCliGithubActionsV1, BUILD_TYPES.npmCliV0]);
/** The builder id verify-npm-package expects for provenance the npm CLI wrote in a GitHub-hosted runner. */
const NPM_CLI_BUILDER = 'https://github.com/actions/runner/github-hosted';
/** A release-tag ref: the only kind verify-github-attestation accepts for a signing workflow. */
const RELEASE_TAG = /^refs\/tags\/v\d+\.\d+\.\d+$/;

/** Options first, then `--`, then the operands: a claimed name such as `--emit-vsa=x` is an operand, never an option. */
function join(words: string[], operands: string[]): string[] {
  return operands.length > 0 ? [...words, '--', ...operands] : words;
}

/**
 * The printed command: every value is the file's claim, so every one is
 * quoted; a claim holding control characters (or NUL, which no argv can
 * carry) cannot be printed as a command that means what it says: then no
 * command is suggested.
 */
export function suggestCommand(att: UnverifiedAttestation, provenancePath: string, kind: DocumentKind = 'provenance'): string | undefined {
  const argv = suggestArgv(att, provenancePath, kind);
  if (argv === undefined || argv.some((w) => w.includes('\0') || escapeText(w) !== w)) return undefined;
  return ['slsa-verify', ...argv].map(shellQuote).join(' ');
}

/**
 * The command that would verify what this attestation claims, chosen by the
 * kind of document and the predicate, never a command that would fail on
 * its own evidence for a reason the attestation already shows: a GitHub
 * attestation signed by a workflow at a branch gets attestation verify
 * (gh's semantics), never a verify-artifact --source-branch line (its
 * builder ref would be refused). Every value is
 * the attestation's own, so it is shown, quoted, for the user to check.
 */
/** The argv (after the program name) of the command that would verify the attestation. */
export function suggestArgv(att: UnverifiedAttestation, provenancePath: string, kind: DocumentKind = 'provenance'): string[] | undefined {
  if (att.predicateType === VSA_PREDICATE_TYPE) {
    if (att.verifierId === undefined || att.resourceUri === undefined) return undefined;
    return join([
      'verify-vsa', '--attestation-path', provenancePath, '--verifier-id', att.verifierId, '--resource-uri', att.resourceUri,
      // The digest is the user's to give (of the artifact they hold), never copied from the VSA it checks.
      '--public-key-path', 'VERIFIER_KEY.pem', ...(att.keyId === undefined ? [] : ['--public-key-id', att.keyId]), '--subject-digest', 'sha256:ARTIFACT_SHA256',
    ], []);
  }
  if (kind === 'npm-attestations') {
    const pkg = npmPackage(att.subjects[0]?.name);
    if (!pkg || att.sourceUri === undefined) return undefined;
    const builder = att.buildType !== undefined && !NPM_CLI_BUILD_TYPES.has(att.buildType) ? att.builderId : NPM_CLI_BUILDER;
    if (builder === undefined) return undefined;
    return join(['verify-npm-package', '--attestations-path', provenancePath, '--package-name', pkg.name, '--package-version', pkg.version, '--source-uri', att.sourceUri, '--builder-id', builder], ['TARBALL.tgz']);
  }
  if (kind === 'pypi-provenance' || kind === 'pypi-attestation') {
    const dist = att.subjects[0]?.name;
    if (dist === undefined || dist === '' || att.sourceUri === undefined) return undefined;
    return join(['verify-pypi', '--provenance', provenancePath, '--repository', `https://${att.sourceUri}`], [dist]);
  }
  if (att.sourceUri === undefined) return undefined;
  const artifacts = att.subjects.length > 0 ? att.subjects.map((s) => s.name) : ['ARTIFACT'];
  if (att.buildType === BUILD_TYPES.githubActionsV1) {
    // actions/attest-build-provenance: the signer is the workflow itself (the certificate SAN).
    const at = att.signer?.indexOf('@') ?? -1;
    if (att.signer === undefined || at < 0) return undefined;
    if (RELEASE_TAG.test(att.signer.slice(at + 1))) {
      return join(['verify-github-attestation', '--attestation-path', provenancePath, '--source-uri', att.sourceUri, '--builder-id', att.signer.slice(0, at)], artifacts);
    }
    // Signed at a branch (or any other ref): gh attestation verify's semantics take it.
    const repo = /^github\.com\/([^/]+\/[^/]+)$/.exec(att.sourceUri)?.[1];
    if (repo === undefined || !att.signer.startsWith('https://')) return undefined;
    const words = ['attestation', 'verify', '--bundle', provenancePath, '--repo', repo];
    if (!att.signer.startsWith(`https://github.com/${repo}/`)) words.push('--signer-workflow', att.signer.slice('https://'.length, at));
    return join(words, [artifacts.length === 1 ? artifacts[0]! : 'ARTIFACT']);
  }
  const words = ['verify-artifact', '--provenance-path', provenancePath, '--source-uri', att.sourceUri];
  if (att.builderId !== undefined) words.push('--builder-id', att.builderId);
  if (att.ref?.startsWith('refs/heads/')) words.push('--source-branch', att.ref.slice('refs/heads/'.length));
  else if (att.ref?.startsWith('refs/tags/')) words.push('--source-tag', att.ref.slice('refs/tags/'.length));
  return join(words, artifacts);
}

/** `pkg:npm/%40scope/name@1.0.0` (or `@scope/name`) -> name and version. */
function npmPackage(purl: string | undefined): { name: string; version: string } | undefined {
  const match = /^pkg:npm\/(.+)@([^@/]+)$/.exec(purl ?? '');
  if (!match) return undefined;
  let name: string;
  try {
    name = decodeURIComponent(match[1]!);
  } catch {
    return undefined;
  }
  return { name, version: match[2]! };
}
