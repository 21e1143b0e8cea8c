import type { HashOutcome } from '../artifacts/hash-artifacts.js';
import type { Digests } from '../artifacts/hash-file.js';
import { runSlsaChecks, type ChecksOutcome, type CommandKind, type SlsaPolicy } from '../checks/run-checks.js';
import { VerifyError } from '../errors/index.js';
import type { Statement } from '../provenance/statement.js';
import type { VerifiedEnvelope } from '../sigstore/verify-bundle.js';
import type { EvidenceOutcome } from './verify-evidence.js';

export interface ArtifactVerdict {
  path: string;
  digests: Digests | undefined;
  ok: boolean;
  error: VerifyError | undefined;
  /** The statement the verdict rests on: the one that passed, or the closest failure. */
  line: number | undefined;
  envelope: VerifiedEnvelope | undefined;
  statement: Statement | undefined;
  checks: ChecksOutcome | undefined;
  /** The name of the subject carrying the artifact's digest (set by verify-provenance). */
  matchedSubject?: string;
}

export interface JudgeContext {
  command: CommandKind;
  policy: SlsaPolicy;
  testing: boolean;
}

/**
 * An artifact passes when some verified statement names its digest and passes
 * every check. When none does, the reported failure is the one a user can act
 * on: a statement about this artifact if there is one, else the first.
 */
export function judgeArtifact(
  path: string,
  hash: HashOutcome,
  evidence: readonly EvidenceOutcome[],
  context: JudgeContext,
): ArtifactVerdict {
  const verdict: ArtifactVerdict = {
    path, digests: undefined, ok: false, error: undefined,
    line: undefined, envelope: undefined, statement: undefined, checks: undefined,
  };
  if (!hash.ok) return { ...verdict, error: hash.error };
  verdict.digests = hash.digests;

  const verified = evidence.filter((e) => e.ok);
  if (verified.length === 0) {
    const first = evidence.find((e) => !e.ok);
    const error = first?.error ?? new VerifyError('ErrorNoValidSignature', 'no provenance to verify');
    return { ...verdict, error: evidence.length > 1 && first ? error.withContext(`provenance line ${first.line}`) : error };
  }

  let closest: { item: (typeof verified)[number]; outcome: ChecksOutcome; aboutArtifact: boolean } | undefined;
  for (const item of verified) {
    const outcome = runSlsaChecks({
      command: context.command,
      certificate: item.envelope.certificate,
      statement: item.statement ?? { payloadType: item.envelope.payloadType, payload: item.envelope.payload },
      artifactDigests: hash.digests as Record<string, string>,
      policy: context.policy,
      testing: context.testing,
    });
    if (outcome.ok) {
      return { ...verdict, ok: true, line: item.line, envelope: item.envelope, statement: item.statement, checks: outcome };
    }
    const aboutArtifact = item.statement !== undefined && namesDigest(item.statement, hash.digests);
    if (!closest || (aboutArtifact && !closest.aboutArtifact)) closest = { item, outcome, aboutArtifact };
  }
  const { item, outcome } = closest!;
  const error = outcome.error ?? new VerifyError('ErrorInternal', 'a check failed without an error');
  return {
    ...verdict,
    error: evidence.length > 1 ? error.withContext(`provenance line ${item.line}`) : error,
    line: item.line,
    envelope: item.envelope,
    statement: item.statement,
    checks: outcome,
  };
}

function namesDigest(statement: Statement, digests: Digests): boolean {
  return statement.subject.some((s) =>
    Object.entries(digests).some(([alg, hex]) => s.digest[alg]?.toLowerCase() === hex),
  );
}
