import { isDigestArgument } from './digest-argument.js';

/** A bare digest argument is shown by the subject name it matched (else the digest); a path or checksum name as given. */
export function artifactDisplayName(verdict: { path: string; matchedSubject?: string }): string {
  return isDigestArgument(verdict.path) && verdict.matchedSubject !== undefined ? verdict.matchedSubject : verdict.path;
}
