import { readBoundedFile } from '../files/read-bounded.js';
import { asVerifyError, VerifyError } from '../errors/index.js';
import { MAX_VSA_BYTES, parseEnvelope } from '../vsa/envelope.js';
import { VSA_CHECKS, type VsaPolicy } from '../vsa/expected-values.js';
import { readVsaPublicKey } from '../vsa/public-key.js';
import type { VsaReport, VsaStep, VsaStepId } from '../vsa/report.js';
import { vsaFromEnvelope } from '../vsa/statement.js';
import { verifyEnvelopeSignature } from '../vsa/verify-signature.js';

export interface VerifyVsaRequest {
  attestationPath: string;
  publicKeyPath: string;
  /** undefined or "": the key's SSH SHA256 fingerprint, as slsa-verifier. */
  publicKeyId: string | undefined;
  policy: VsaPolicy;
  printAttestation: boolean;
}

/**
 * verify-vsa, following https://slsa.dev/spec/v1.1/verification_summary#how-to-verify
 * as slsa-verifier does: the signature with the verifier's key, the VSA v1
 * statement, then the expected subject digests, verifier, resource, result
 * and levels. Stops at the first failure; later steps are listed as skipped.
 */
export async function verifyVsa(request: VerifyVsaRequest): Promise<VsaReport> {
  const report: VsaReport = { error: undefined, vsa: undefined, payload: undefined, steps: [], printAttestation: request.printAttestation };
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

async function readAttestation(path: string): Promise<Buffer> {
  return readBoundedFile(path, { what: 'attestation', maxBytes: MAX_VSA_BYTES, tooLargeCode: 'ErrorInvalidFormat' });
}
