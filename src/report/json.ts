import type { Writable } from 'node:stream';
import type { VerifyError } from '../errors/index.js';
import type { ArtifactVerdict } from '../pipeline/judge-artifact.js';
import { firstError, runPassed, type RunReport } from './run-report.js';

/** `--format json`: one document on stdout. Its shape is documented in README.md (schemaVersion 1). */
export function renderJson(report: RunReport, out: Writable): void {
  const document = {
    schemaVersion: 1,
    command: report.command,
    verdict: runPassed(report) ? 'PASSED' : 'FAILED',
    error: errorJson(firstError(report)),
    artifacts: report.verdicts.map((v) => artifactJson(v, report.printProvenance)),
  };
  out.write(`${JSON.stringify(document, null, 2)}\n`);
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
    statement: v.statement
      ? {
          line: v.line ?? null,
          type: v.statement._type,
          predicateType: v.statement.predicateType,
          subjects: v.statement.subject.map((s) => ({ name: s.name, digest: s.digest })),
          ...(includeStatement && v.envelope ? { payload: JSON.parse(v.envelope.payload.toString('utf8')) as unknown } : {}),
        }
      : null,
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
    checks: v.checks?.checks ?? (v.error ? [{ id: 'evidence', status: 'fail', code: v.error.code, message: v.error.message }] : []),
  };
}

function errorJson(error: VerifyError | undefined) {
  return error ? { code: error.code, message: error.message } : null;
}
