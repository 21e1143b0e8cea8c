import type { Statement } from '../provenance/statement.js';
import type { Digests } from './hash-file.js';

/** The name of the statement subject carrying one of the artifact's digests (exact lowercase hex, as the checks compare). */
export function matchedSubjectName(statement: Statement | undefined, digests: Digests | undefined): string | undefined {
  if (!statement || !digests) return undefined;
  const subject = statement.subject.find((s) =>
    Object.entries(digests).some(([alg, hex]) => hex !== undefined && s.digest[alg] === hex),
  );
  return subject?.name;
}
