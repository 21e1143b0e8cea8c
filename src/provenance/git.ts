import { VerifyError } from '../errors/index.js';

/**
 * Git URI and ref helpers with slsa-verifier's exact rules
 * (verifiers/utils/git.go). Splits are on the first "@" / first two "/".
 */

/** "github.com/o/r" -> "git+https://github.com/o/r"; "https://x" -> "git+https://x"; "git+..." unchanged. */
export function normalizeGitUri(s: string): string {
  if (s.startsWith('git+')) return s;
  if (!s.includes('://')) return `git+https://${s}`;
  return `git+${s}`;
}

/** Splits "git+https://github.com/o/r@refs/tags/v1" into URI and ref ("" when there is no "@"). */
export function parseGitUriAndRef(uri: string): { uri: string; ref: string } {
  if (uri === '') throw new VerifyError('ErrorMalformedURI', 'empty uri');
  if (!uri.startsWith('git+')) throw new VerifyError('ErrorMalformedURI', `not a git URI: "${uri}"`);
  const at = uri.indexOf('@');
  if (at < 0) return { uri, ref: '' };
  return { uri: uri.slice(0, at), ref: uri.slice(at + 1) };
}

/** "refs/tags/v1" -> {type: "tags", name: "v1"}; anything not under refs/<type>/ has type "". */
export function parseGitRef(ref: string): { type: string; name: string } {
  const first = ref.indexOf('/');
  const second = first < 0 ? -1 : ref.indexOf('/', first + 1);
  if (first < 0 || second < 0 || ref.slice(0, first) !== 'refs') return { type: '', name: ref };
  return { type: ref.slice(first + 1, second), name: ref.slice(second + 1) };
}

export function validateGitRef(refType: string, ref: string): string {
  const { type, name } = parseGitRef(ref);
  if (type !== refType) {
    throw new VerifyError('ErrorInvalidRef', `"${ref}": unexpected ref type: "${type}"`, { expected: `refs/${refType}/<name>`, actual: ref });
  }
  if (name === '') throw new VerifyError('ErrorInvalidRef', `"${ref}": empty ref name`, { actual: ref });
  return name;
}

export function tagFromGitRef(ref: string): string {
  return validateGitRef('tags', ref);
}

export function branchFromGitRef(ref: string): string {
  return validateGitRef('heads', ref);
}
