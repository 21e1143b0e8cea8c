import { parseWorkflowInputs } from '../slsa-policy-flags.js';
import { testingEnabled } from '../../checks/env.js';
import { failureExitCode, reportErrors } from '../exit-code.js';
import { EXIT } from '../exit-codes.js';
import { hashPreparedAttestation, prepareAttestationRun, type PreparedAttestationRun } from '../../commands/verify-github-attestation.js';
import type { ProvenanceCommandFlags } from './verify-artifact.js';
import { writeJson } from '../write-json.js';
import { hintsForReport, writeHints } from '../hints.js';
import { usageFailure } from '../usage.js';

/** verify-github-attestation: flags to request, run, render, exit code. */
export async function runVerifyGithubAttestationCommand(artifacts: string[], flags: ProvenanceCommandFlags): Promise<number> {
  let prepared: PreparedAttestationRun;
  try {
    prepared = await prepareAttestationRun({
      artifacts,
      attestationPath: flags.attestationPath ?? '',
      sourceUri: flags.sourceUri,
      sourceBranch: flags.sourceBranch,
      sourceTag: flags.sourceTag,
      sourceVersionedTag: flags.sourceVersionedTag,
      builderId: flags.builderId,
      workflowInputs: parseWorkflowInputs(flags.buildWorkflowInput),
      trustedRoot: flags.trustedRoot,
      printAttestation: flags.printAttestation === true,
      testing: testingEnabled(),
    });
  } catch (err) {
    return usageFailure('verify-github-attestation', err, flags.format);
  }
  // Hashing overlaps the loading of the Sigstore modules below.
  const hashing = hashPreparedAttestation(prepared);
  const [{ runVerifyGithubAttestation, githubAttestationReport }, { renderText }, { runPassed }] = await Promise.all([
    import('../../commands/verify-github-attestation.js'),
    import('../render/artifact-text.js'),
    import('../../report/run-report.js'),
  ]);
  const report = await runVerifyGithubAttestation(prepared, hashing);
  if (flags.format === 'json') writeJson(githubAttestationReport(report));
  else {
    renderText(report, process.stdout, process.stderr);
    writeHints(hintsForReport(report, flags), process.stderr);
  }
  return runPassed(report) ? EXIT.verified : failureExitCode(reportErrors(report));
}
