import type { Writable } from 'node:stream';
import type { VerifyError } from '../errors/index.js';
import type { ChecksOutcome } from '../checks/run-checks.js';
import type { ArtifactVerdict } from '../pipeline/judge-artifact.js';
import type { Statement } from '../provenance/statement.js';
import { firstError, runPassed, type RunReport } from './run-report.js';
import { parseUntrustedJson } from '../files/untrusted-json.js';
import { jsonDocument } from './escape-text.js';

/** `--format json`: one document on stdout. Its shape is documented in README.md (schemaVersion 1). */
export function renderJson(report: RunReport, out: Writable): void {
  const document = {
    schemaVersion: 1,
    command: report.command,
    verdict: runPassed(report) ? 'PASSED' : 'FAILED',
    error: errorJson(firstError(report)),
    artifacts: report.verdicts.map((v) => artifactJson(v, report.printProvenance)),
  };
  out.write(jsonDocument(document));
}

function artifactJson(v: ArtifactVerdict, includeStatement: boolean) {
  return {
    path: v.path,
    matchedSubject: v.matchedSubject ?? null,
    digest: v.digests ?? null,
    verdict: v.ok ? 'PASSED' : 'FAILED',
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
export function checksJson(checks: ChecksOutcome | undefined, error: VerifyError | undefined) {
  return checks?.checks ?? (error ? [{ id: 'evidence', status: 'fail', code: error.code, message: error.message }] : []);
}

export function errorJson(error: VerifyError | undefined) {
  return error ? { code: error.code, message: error.message } : null;
}
