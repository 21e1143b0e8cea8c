import { VerifyError, asVerifyError } from '../errors/index.js';
import type { Evidence } from '../input/evidence.js';
import { parseStatement, type Statement } from '../provenance/statement.js';
import type { LegacyOutcome } from '../rekor/resolve-legacy.js';
import type { TrustRoot } from '../sigstore/trusted-root.js';
import { verifyProvenanceBundle, type VerifiedEnvelope } from '../sigstore/verify-bundle.js';

/**
 * One line of the provenance file after the signature stages: verified, or why
 * not. `statement` is undefined when the signed payload is not a statement we
 * understand; the checks then report it in slsa-verifier's order (an untrusted
 * builder is named before a malformed payload).
 */
export type EvidenceOutcome =
  | { ok: true; line: number; envelope: VerifiedEnvelope; statement: Statement | undefined }
  | { ok: false; line: number; error: VerifyError };

/**
 * Each line is verified on its own: a bad line does not spoil a good one, but
 * only lines that pass every signature stage ever reach the SLSA checks.
 */
export function verifyEvidence(
  evidence: readonly Evidence[],
  trust: TrustRoot,
  legacy?: ReadonlyMap<number, LegacyOutcome>,
): EvidenceOutcome[] {
  return evidence.map((item) => {
    try {
      // A bare envelope verified through a Rekor lookup (src/rekor/) joins the other lines here.
      const looked = item.kind === 'dsse' ? legacy?.get(item.line) : undefined;
      if (looked) {
        if (!looked.ok) throw looked.error;
        const envelope = looked.result.envelope;
        return { ok: true, line: item.line, envelope, statement: tryParseStatement(envelope) };
      }
      if (item.kind === 'dsse') {
        throw new VerifyError(
          'ErrorNeedsLogLookup',
          `line ${item.line} is a bare DSSE envelope with no transparency-log entry; verifying it needs an online Rekor lookup, which was not made`,
        );
      }
      const envelope = verifyProvenanceBundle(item.json, trust);
      return { ok: true, line: item.line, envelope, statement: tryParseStatement(envelope) };
    } catch (err) {
      return { ok: false, line: item.line, error: asVerifyError(err) };
    }
  });
}

function tryParseStatement(envelope: VerifiedEnvelope): Statement | undefined {
  try {
    return parseStatement(envelope.payloadType, envelope.payload);
  } catch {
    return undefined;
  }
}
