import type { HashOutcome } from '../artifacts/hash-artifacts.js';
import type { Digests } from '../artifacts/hash-file.js';
import { runStatementChecks, type ChecksOutcome, type SlsaPolicy } from '../checks/run-checks.js';
import { asVerifyError, VerifyError } from '../errors/index.js';
import { readProvenanceFile } from '../input/read-provenance.js';
import { IN_TOTO_PAYLOAD_TYPE, parseStatement, type Statement } from '../provenance/statement.js';
import { checkMaterials, type MaterialRequirement } from './materials.js';
import { verifyStatementFile, type StatementSignature } from './statement-signature.js';
import { readVsaPublicKey } from '../vsa/public-key.js';
import { keyedEnvelopeOf } from './keyed-evidence.js';
import { readKeyedProvenance } from './read-claims.js';
import { verifyKeySignature } from './verify-key-signature.js';

export interface KeyedRequest {
  artifacts: string[];
  provenancePath: string;
  /** The key that signed DSSE envelopes in the provenance file; unused with `statementSignature`. */
  publicKeyPath: string | undefined;
  publicKeyId: string | undefined;
  /** The provenance file is a plain in-toto statement, signed beside it (statement-signature.ts). */
  statementSignature?: StatementSignature;
  policy: KeyedPolicy;
  hashing: Promise<Map<string, HashOutcome>>;
}

export type KeyedPolicy = SlsaPolicy & { builderId: string; materials?: readonly MaterialRequirement[] };

/** One line whose key signature verified. */
interface SignedStatement {
  line: number;
  payload: Buffer;
  statement: Statement | undefined;
  parseError: VerifyError | undefined;
}

export interface KeyedVerdict {
  path: string;
  digests: Digests | undefined;
  ok: boolean;
  error: VerifyError | undefined;
  line: number | undefined;
  payload: Buffer | undefined;
  statement: Statement | undefined;
  checks: ChecksOutcome | undefined;
}

export interface KeyedReport {
  error: VerifyError | undefined;
  /** The key as reported: the --public-key-id, else the key's SSH SHA256 fingerprint (or the certificate identity). */
  key: string | undefined;
  /** What `key` is: a key, or the identity of a Sigstore certificate (--signature-bundle). */
  evidence: 'key' | 'certificate';
  verdicts: KeyedVerdict[];
}

export function keyedPassed(report: KeyedReport): boolean {
  return report.error === undefined && report.verdicts.length > 0 && report.verdicts.every((v) => v.ok);
}

/**
 * verify-artifact with --public-key: every line's signature is checked with
 * the key (no certificate, no transparency log, never a Rekor lookup), then
 * each artifact is judged against the verified statements as in
 * judgeArtifact: it passes when one statement passes every check.
 */
export async function verifyKeyedProvenance(request: KeyedRequest): Promise<KeyedReport> {
  const report: KeyedReport = { error: undefined, key: undefined, evidence: 'key', verdicts: [] };
  try {
    if (request.statementSignature) {
      const verified = await verifyStatementFile(request.provenancePath, request.statementSignature);
      report.key = verified.signer;
      report.evidence = verified.evidence;
      const signed = signedStatement(1, IN_TOTO_PAYLOAD_TYPE, verified.bytes);
      const hashes = await request.hashing;
      report.verdicts = request.artifacts.map((path) => judge(path, hashes.get(path)!, [{ ok: true, signed }], request.policy));
      return report;
    }
    if (request.publicKeyPath === undefined) throw new VerifyError('ErrorUsage', 'no key and no signature to verify the provenance with');
    const key = await readVsaPublicKey(request.publicKeyPath);
    report.key = request.publicKeyId ?? key.fingerprint;
    const items = await readProvenanceFile(request.provenancePath);
    const outcomes = items.map((item): { ok: true; signed: SignedStatement } | { ok: false; line: number; error: VerifyError } => {
      try {
        const envelope = keyedEnvelopeOf(item);
        const payload = verifyKeySignature(envelope, key, request.publicKeyId);
        return { ok: true, signed: signedStatement(item.line, envelope.payloadType, payload) };
      } catch (err) {
        return { ok: false, line: item.line, error: asVerifyError(err) };
      }
    });
    const hashes = await request.hashing;
    report.verdicts = request.artifacts.map((path) => judge(path, hashes.get(path)!, outcomes, request.policy));
  } catch (err) {
    await request.hashing.catch(() => undefined);
    report.error = asVerifyError(err);
  }
  return report;
}

/** A verified payload, parsed as a statement (a parse failure is kept: it is this line's verdict). */
function signedStatement(line: number, payloadType: string, payload: Buffer): SignedStatement {
  try {
    return { line, payload, statement: parseStatement(payloadType, payload), parseError: undefined };
  } catch (err) {
    return { line, payload, statement: undefined, parseError: asVerifyError(err) };
  }
}

/** --material after the SLSA checks passed, listed as one more check. */
function withMaterials(checks: ChecksOutcome, statement: Statement, materials: readonly MaterialRequirement[] | undefined): ChecksOutcome {
  if (!checks.ok || materials === undefined || materials.length === 0) return checks;
  try {
    checkMaterials(statement, materials);
    return { ...checks, checks: [...checks.checks, { id: 'material', status: 'pass', expected: materials.map((m) => `${m.algorithm}:${m.hex}`).join(',') }] };
  } catch (err) {
    const error = asVerifyError(err);
    const { builderId: _dropped, ...rest } = checks;
    return { ...rest, ok: false, error, checks: [...checks.checks, { id: 'material', status: 'fail', code: error.code, message: error.message }] };
  }
}

function judge(
  path: string,
  hash: HashOutcome,
  outcomes: readonly ({ ok: true; signed: SignedStatement } | { ok: false; line: number; error: VerifyError })[],
  policy: KeyedPolicy,
): KeyedVerdict {
  const verdict: KeyedVerdict = { path, digests: undefined, ok: false, error: undefined, line: undefined, payload: undefined, statement: undefined, checks: undefined };
  if (!hash.ok) return { ...verdict, error: hash.error };
  verdict.digests = hash.digests;
  const several = outcomes.length > 1;
  const signed = outcomes.flatMap((o) => (o.ok ? [o.signed] : []));
  if (signed.length === 0) {
    const first = outcomes.find((o) => !o.ok);
    const error = first && !first.ok ? first.error : new VerifyError('ErrorNoValidSignature', 'no provenance to verify');
    return { ...verdict, error: several && first ? error.withContext(`provenance line ${first.line}`) : error };
  }
  let closest: { item: SignedStatement; error: VerifyError; checks: ChecksOutcome | undefined; aboutArtifact: boolean } | undefined;
  for (const item of signed) {
    let checks: ChecksOutcome | undefined;
    let error = item.parseError;
    if (item.statement) {
      checks = withMaterials(
        runStatementChecks({ statement: item.statement, read: readKeyedProvenance, artifactDigests: hash.digests as Record<string, string>, policy }),
        item.statement,
        policy.materials,
      );
      if (checks.ok) return { ...verdict, ok: true, line: item.line, payload: item.payload, statement: item.statement, checks };
      error = checks.error;
    }
    const aboutArtifact = item.statement?.subject.some((s) => s.digest['sha256']?.toLowerCase() === hash.digests.sha256) ?? false;
    const failure = error ?? new VerifyError('ErrorInternal', 'a check failed without an error');
    if (!closest || (aboutArtifact && !closest.aboutArtifact)) closest = { item, error: failure, checks, aboutArtifact };
  }
  const { item, error, checks } = closest!;
  return {
    ...verdict,
    error: several ? error.withContext(`provenance line ${item.line}`) : error,
    line: item.line,
    payload: item.payload,
    statement: item.statement,
    checks,
  };
}
