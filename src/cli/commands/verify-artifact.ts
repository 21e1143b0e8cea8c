import { parseWorkflowInputs, type SlsaPolicyFlags } from '../slsa-policy-flags.js';
import { testingEnabled } from '../../checks/env.js';
import { failureExitCode, reportErrors } from '../exit-code.js';
import { VerifyError } from '../../errors/index.js';
import { EXIT } from '../exit-codes.js';
import { emitterFor, type EmitVsaFlags } from '../emit-vsa-flags.js';
import type { VsaEmitter } from '../../vsa-emit/emitter.js';
import { hashPrepared, prepareArtifactRun, type PreparedArtifactRun } from '../../commands/verify-artifact.js';
import { writeJson } from '../write-json.js';
import { safeText } from '../../report/escape-text.js';
import { hintsForReport, writeHints } from '../hints.js';
import { usageFailure } from '../usage.js';

export interface ProvenanceCommandFlags extends EmitVsaFlags, SlsaPolicyFlags {
  provenancePath?: string;
  attestationPath?: string;
  printAttestation?: boolean;
  rekorUrl?: string;
  offline?: boolean;
  saveBundle?: string;
  /** verify-artifact: a PEM key that signed the provenance instead of Sigstore (src/keyed/). */
  publicKey?: string;
  publicKeyId?: string;
  /** verify-artifact, custom builders: a signature beside a plain provenance.json (src/keyed/keyed-flags.ts). */
  signature?: string;
  signatureBundle?: string;
  certificateIdentity?: string;
  certificateIdentityRegexp?: string;
  certificateOidcIssuer?: string;
  material?: string[];
  /** verify-artifact: sha256sum / sha512sum files naming many artifacts by digest (src/artifacts/checksums-file.ts). */
  checksums?: string[];
  /** verify-artifact: a YAML/JSON policy enforced after the slsa-verifier checks (src/policy/). */
  policy?: string;
}

/** verify-artifact: flags to request, run, render, exit code. */
export async function runVerifyArtifactCommand(artifacts: string[], flags: ProvenanceCommandFlags): Promise<number> {
  let prepared: PreparedArtifactRun;
  let emitter: VsaEmitter | undefined;
  try {
    prepared = await prepareArtifactRun({
      artifacts,
      checksums: flags.checksums,
      provenancePath: flags.provenancePath ?? '',
      sourceUri: flags.sourceUri,
      sourceBranch: flags.sourceBranch,
      sourceTag: flags.sourceTag,
      sourceVersionedTag: flags.sourceVersionedTag,
      builderId: flags.builderId,
      workflowInputs: parseWorkflowInputs(flags.buildWorkflowInput),
      policyPath: flags.policy,
      trustedRoot: flags.trustedRoot,
      printProvenance: flags.printProvenance === true,
      publicKey: flags.publicKey,
      publicKeyId: flags.publicKeyId,
      signature: flags.signature,
      signatureBundle: flags.signatureBundle,
      certificateIdentity: flags.certificateIdentity,
      certificateIdentityRegexp: flags.certificateIdentityRegexp,
      certificateOidcIssuer: flags.certificateOidcIssuer,
      material: flags.material,
      network: flags.offline === true ? 'never' : 'allowed',
      rekorUrl: flags.rekorUrl,
      saveBundle: flags.saveBundle,
      testing: testingEnabled(),
      // slsa-verifier's line, before the verdict; never on the JSON stdout.
      onLogEntry: flags.format === 'json'
        ? undefined
        : (entry) => process.stderr.write(safeText`Verified signature against tlog entry index ${entry.logIndex} at URL: ${entry.url}\n`),
    });
    emitter = await emitterFor(flags);
    if (emitter && prepared.keyed) throw new VerifyError('ErrorUsage', '--emit-vsa is not supported with --public-key or --signature-bundle');
  } catch (err) {
    return usageFailure('verify-artifact', err, flags.format);
  }
  // Hashing starts first and interleaves with the loading of the Sigstore
  // modules below, which only a running command needs.
  const hashing = hashPrepared(prepared);
  const [{ runVerifyArtifact, artifactReport }, { renderText }, { renderKeyedText }, { runPassed }, { keyedPassed }] = await Promise.all([
    import('../../commands/verify-artifact.js'),
    import('../render/artifact-text.js'),
    import('../render/keyed-text.js'),
    import('../../report/run-report.js'),
    import('../../keyed/verify-keyed.js'),
  ]);
  const outcome = await runVerifyArtifact(prepared, hashing);
  if (flags.format === 'json') writeJson(artifactReport(outcome));
  else if (outcome.kind === 'keyed') renderKeyedText(outcome.report, outcome.printProvenance, process.stdout, process.stderr);
  else {
    renderText(outcome.report, process.stdout, process.stderr);
    writeHints(hintsForReport(outcome.report, flags), process.stderr);
  }

  if (outcome.kind === 'keyed' ? keyedPassed(outcome.report) : runPassed(outcome.report)) {
    // Only a PASSED run is summarised: a failure writes nothing and leaves an existing file alone.
    if (emitter && outcome.kind === 'sigstore') {
      return (await (await import('../emit-vsa.js')).emitArtifactVsa(emitter, outcome.report, flags, flags.provenancePath ?? '')) ?? EXIT.verified;
    }
    return EXIT.verified;
  }
  return failureExitCode(reportErrors(outcome.report), { offline: outcome.kind === 'sigstore' ? flags.offline : undefined });
}
