import { readBoundedFile } from '../files/read-bounded.js';
import { asVerifyError, VerifyError } from '../errors/index.js';
import { MAX_VSA_BYTES, parseEnvelope } from '../vsa/envelope.js';
import { VSA_CHECKS, type VsaPolicy } from '../vsa/expected-values.js';
import { readVsaPublicKey } from '../vsa/public-key.js';
import type { VsaReport, VsaStep, VsaStepId } from '../vsa/report.js';
import { errorJson, verdictOf } from '../report/json.js';
import { parseUntrustedJson } from '../files/untrusted-json.js';
import type { VerifyVsaReport } from '../report/schema.js';
import { vsaFromEnvelope } from '../vsa/statement.js';
import { verifyEnvelopeSignature } from '../vsa/verify-signature.js';
import type { VerifyVsaRequest } from './requests.js';

/**
 * verify-vsa, following https://slsa.dev/spec/v1.1/verification_summary#how-to-verify
 * as slsa-verifier does: the signature with the verifier's key, the VSA v1
 * statement, then the expected subject digests, verifier, resource, result
 * and levels. Stops at the first failure; later steps are listed as skipped.
 */
export async function runVerifyVsa(request: VerifyVsaRequest): Promise<VsaReport> {
  const report: VsaReport = { error: undefined, vsa: undefined, payload: undefined, steps: [], printAttestation: request.printAttestation === true };
  const step = (id: VsaStepId, run: () => { expected?: string; actual?: string }): void => {
    if (report.error) {
      report.steps.push({ id, status: 'skipped', message: 'not run: an earlier check failed' });
      return;
    }
    try {
      report.steps.push({ id, status: 'pass', ...run() });
    } catch (err) {
      const error = asVerifyError(err);
      report.error = error;
      const failed: VsaStep = { id, status: 'fail', code: error.code, message: error.message };
      if (error.expected !== undefined) failed.expected = error.expected;
      if (error.actual !== undefined) failed.actual = error.actual;
      report.steps.push(failed);
    }
  };

  let input: { bytes: Buffer; key: Awaited<ReturnType<typeof readVsaPublicKey>> };
  try {
    input = { key: await readVsaPublicKey(request.publicKeyPath), bytes: await readAttestation(request.attestationPath) };
  } catch (err) {
    report.error = asVerifyError(err);
    return report;
  }

  let envelope!: ReturnType<typeof parseEnvelope>;
  step('signature', () => {
    envelope = parseEnvelope(input.bytes);
    verifyEnvelopeSignature(envelope, input.key, request.publicKeyId);
    return { expected: request.publicKeyId || input.key.fingerprint };
  });
  step('statement', () => {
    const { vsa, payload } = vsaFromEnvelope(envelope);
    report.vsa = vsa;
    report.payload = payload;
    return { actual: vsa.predicateType };
  });
  for (const check of VSA_CHECKS) step(check.id, () => check.run(report.vsa!, request.policy));
  return report;
}

/** `--format json` (schemaVersion 1). */
export function vsaReport(report: VsaReport): VerifyVsaReport {
  const vsa = report.vsa;
  return {
    schemaVersion: 1,
    command: 'verify-vsa',
    verdict: verdictOf(report.error === undefined),
    error: errorJson(report.error),
    vsa: vsa
      ? {
          verifierId: vsa.predicate.verifier.id,
          resourceUri: vsa.predicate.resourceUri,
          verificationResult: vsa.predicate.verificationResult,
          verifiedLevels: vsa.predicate.verifiedLevels,
          timeVerified: vsa.predicate.timeVerified ?? null,
          subjects: vsa.subject.map((s) => ({ name: s.name, digest: s.digest })),
          ...(report.printAttestation && report.payload ? { payload: parseUntrustedJson(report.payload.toString('utf8')) } : {}),
        }
      : null,
    checks: report.steps,
  };
}

/** verify-vsa: the report; a VerifyError is thrown only when the run cannot start (unreadable key or VSA). */
export async function verifyVsa(request: VerifyVsaRequest): Promise<VerifyVsaReport> {
  const report = await runVerifyVsa(request);
  if (report.error?.isUsage === true) throw report.error;
  return vsaReport(report);
}

async function readAttestation(path: string): Promise<Buffer> {
  return readBoundedFile(path, { what: 'attestation', maxBytes: MAX_VSA_BYTES, tooLargeCode: 'ErrorInvalidFormat' });
}

export type { VerifyVsaRequest };
