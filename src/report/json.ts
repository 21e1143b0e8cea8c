import type { ErrorCode, VerifyError } from '../errors/index.js';
import { keyedPassed, type KeyedReport, type KeyedVerdict } from '../keyed/verify-keyed.js';
import type { ChecksOutcome } from '../checks/run-checks.js';
import type { ArtifactVerdict } from '../pipeline/judge-artifact.js';
import type { Statement } from '../provenance/statement.js';
import { firstError, runPassed, type RunReport } from './run-report.js';
import type { Check, KeyedArtifact, SigstoreArtifact, VerifyArtifactReport } from './schema.js';
import { parseUntrustedJson } from '../files/untrusted-json.js';

export type ProvenanceCommand = 'verify-artifact' | 'verify-github-attestation' | 'verify-image' | 'verify-npm-package';

/** A provenance command's report, as `--format json` prints it (schemaVersion 1, src/report/schema.ts). */
export function runReportDocument<C extends ProvenanceCommand>(report: RunReport, command: C) {
  return {
    schemaVersion: 1 as const,
    command,
    verdict: verdictOf(runPassed(report)),
    error: errorJson(firstError(report)),
    artifacts: report.verdicts.map((v) => artifactJson(v, report.printProvenance)),
  };
}

export function verdictOf(passed: boolean): 'PASSED' | 'FAILED' {
  return passed ? 'PASSED' : 'FAILED';
}

function artifactJson(v: ArtifactVerdict, includeStatement: boolean): SigstoreArtifact {
  return {
    path: v.path,
    matchedSubject: v.matchedSubject ?? null,
    digest: v.digests ?? null,
    verdict: verdictOf(v.ok),
    error: errorJson(v.error),
    builderId: v.checks?.builderId ?? null,
    sourceUri: v.checks?.sourceUri ?? null,
    commit: v.checks?.commit ?? null,
    statement: statementJson(v.statement, v.line, includeStatement ? v.envelope?.payload : undefined),
    evidence: v.envelope
      ? {
          signer: v.envelope.certificate.subjectAlternativeName,
          issuer: v.envelope.certificate.issuerV2 ?? v.envelope.certificate.issuer ?? null,
          logIndex: v.envelope.logIndex ?? null,
          integratedTime: v.envelope.signingTime?.toISOString() ?? null,
          // Only for a bare envelope verified through an online Rekor lookup.
          ...(v.envelope.rekorLookup ? { rekorLookup: v.envelope.rekorLookup } : {}),
        }
      : null,
    checks: checksJson(v.checks, v.error),
  };
}

/** The statement a verdict rests on; the signed payload itself only with --print-provenance. */
export function statementJson(statement: Statement | undefined, line: number | undefined, payload: Buffer | undefined) {
  if (!statement) return null;
  return {
    line: line ?? null,
    type: statement._type,
    predicateType: statement.predicateType,
    subjects: statement.subject.map((s) => ({ name: s.name, digest: s.digest })),
    ...(payload ? { payload: parseUntrustedJson(payload.toString('utf8')) } : {}),
  };
}

/** The checks that ran; a failure before any check (bad evidence) is listed as the one "evidence" check. */
export function checksJson(checks: ChecksOutcome | undefined, error: VerifyError | undefined): Check[] {
  return checks?.checks ?? (error ? [{ id: 'evidence', status: 'fail', code: error.code, message: error.message }] : []);
}

export function errorJson(error: VerifyError | undefined): { code: ErrorCode; message: string } | null {
  return error ? { code: error.code, message: error.message } : null;
}

/** verify-artifact with a public key: the same document, with `evidence.kind: "key"`. */
export function keyedReportDocument(report: KeyedReport, printProvenance: boolean): VerifyArtifactReport {
  return {
    schemaVersion: 1,
    command: 'verify-artifact',
    verdict: verdictOf(keyedPassed(report)),
    error: errorJson(report.error ?? report.verdicts.find((v) => !v.ok)?.error),
    artifacts: report.verdicts.map((v) => keyedArtifactJson(v, report, printProvenance)),
  };
}

function keyedArtifactJson(v: KeyedVerdict, report: KeyedReport, printProvenance: boolean): KeyedArtifact {
  return {
    path: v.path,
    digest: v.digests ?? null,
    verdict: verdictOf(v.ok),
    error: errorJson(v.error),
    builderId: v.checks?.builderId ?? null,
    sourceUri: v.checks?.sourceUri ?? null,
    commit: v.checks?.commit ?? null,
    statement: statementJson(v.statement, v.line, printProvenance ? v.payload : undefined),
    evidence: v.payload ? (report.evidence === 'certificate' ? { kind: 'certificate', identity: report.key ?? null } : { kind: 'key', key: report.key ?? null }) : null,
    checks: checksJson(v.checks, v.error),
  };
}
