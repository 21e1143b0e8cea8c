import type { ArtifactInput } from '../artifacts/artifact-inputs.js';
import { hintsForReport, writeHints } from './hints.js';
import { usageFailure } from './usage.js';
import { parseWorkflowInputs, slsaPolicyFromFlags, type SlsaPolicyFlags } from './slsa-policy-flags.js';
import { testingEnabled } from '../checks/env.js';
import { failureExitCode, reportErrors } from './exit-code.js';
import type { CommandKind } from '../checks/run-checks.js';
import type { ArtifactVerdict } from '../pipeline/judge-artifact.js';
import { VerifyError } from '../errors/index.js';
import { DEFAULT_REKOR_URL } from '../rekor/defaults.js';
import { parseRekorUrl } from '../rekor/rekor-url.js';
import { EXIT } from './exit-codes.js';
import { emitterFor, type EmitVsaFlags } from '../vsa-emit/cli-flags.js';
import type { VsaEmitter } from '../vsa-emit/emitter.js';

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
  /** verify-artifact: sha256sum / sha512sum files naming many artifacts by digest (src/artifacts/checksums-file.ts). */
  checksums?: string[];
  /** verify-artifact: a YAML/JSON policy enforced after the slsa-verifier checks (src/policy/). */
  policy?: string;
}

/** Turn parsed flags into a request, run it, render it, and choose the exit code. */
export async function runVerifyCommand(
  command: CommandKind,
  artifacts: string[],
  provenancePath: string,
  flags: ProvenanceCommandFlags,
): Promise<number> {
  let workflowInputs: Record<string, string>;
  let keyedBuilderId: string | undefined;
  let enforce: ((v: ArtifactVerdict) => void) | undefined;
  let inputs: ArtifactInput[] | undefined;
  let emitter: VsaEmitter | undefined;
  try {
    workflowInputs = parseWorkflowInputs(flags.buildWorkflowInput);
    {
      // Digest arguments and --checksums (verify-artifact): artifacts become labels, some never read.
      inputs = await (await import('../artifacts/artifact-inputs.js')).resolveArtifactInputs(artifacts, flags.checksums ?? []);
      artifacts = inputs.map((i) => i.label);
    }
    if (flags.policy !== undefined) {
      if (flags.publicKey !== undefined) throw new VerifyError('ErrorUsage', '--policy is not supported with --public-key');
      enforce = await (await import('../policy/policy-stage.js')).preparePolicy(flags.policy, { ...flags, workflowInputs }, artifacts);
    }
    if (flags.rekorUrl !== undefined) parseRekorUrl(flags.rekorUrl);
    if (flags.publicKey !== undefined || flags.publicKeyId !== undefined) keyedBuilderId = (await import('../keyed/keyed-flags.js')).checkKeyedFlags(flags);
    emitter = await emitterFor(flags);
    if (emitter && flags.publicKey !== undefined) throw new VerifyError('ErrorUsage', '--emit-vsa is not supported with --public-key');
  } catch (err) {
    return usageFailure(command, err, flags.format);
  }
  // Hashing starts first and interleaves with the loading of the Sigstore
  // modules below, which only a running command needs.
  const { hashArtifacts } = await import('../artifacts/hash-artifacts.js');
  const hashing = inputs
    ? (await import('../artifacts/artifact-inputs.js')).hashArtifactInputs(inputs, ['sha256'])
    : hashArtifacts(artifacts, ['sha256']);
  hashing.catch(() => undefined);
  if (flags.publicKey !== undefined && keyedBuilderId !== undefined) {
    // Key-signed provenance: no Sigstore, no log, and never a Rekor lookup.
    const { runKeyedCommand } = await import('../keyed/run-command.js');
    return runKeyedCommand({
      artifacts, provenancePath, publicKeyPath: flags.publicKey, publicKeyId: flags.publicKeyId, hashing,
      policy: { sourceUri: flags.sourceUri, sourceBranch: flags.sourceBranch, sourceTag: flags.sourceTag, sourceVersionedTag: flags.sourceVersionedTag, builderId: keyedBuilderId, workflowInputs },
      printProvenance: flags.printProvenance === true, format: flags.format,
    });
  }
  const [{ verifyProvenance }, { renderText }, { renderJson }, { runPassed }] = await Promise.all([
    import('../commands/verify-provenance.js'),
    import('../report/text.js'),
    import('../report/json.js'),
    import('../report/run-report.js'),
  ]);
  const report = await verifyProvenance({
    command,
    artifacts,
    provenancePath,
    policy: slsaPolicyFromFlags(flags, workflowInputs),
    trustedRootPath: flags.trustedRoot,
    printProvenance: flags.printProvenance === true,
    testing: testingEnabled(),
    hashing,
    ...(enforce ? { enforce } : {}),
    ...(command === 'verify-artifact'
      ? {
          rekor: {
            offline: flags.offline === true,
            rekorUrl: flags.rekorUrl ?? DEFAULT_REKOR_URL,
            saveBundle: flags.saveBundle,
            // slsa-verifier's line, before the verdict; never on the JSON stdout.
            onEntry:
              flags.format === 'json'
                ? undefined
                : (entry: { logIndex: string; url: string }) =>
                    process.stderr.write(`Verified signature against tlog entry index ${entry.logIndex} at URL: ${entry.url}\n`),
          },
        }
      : {}),
  });
  if (flags.format === 'json') renderJson(report, process.stdout);
  else {
    renderText(report, process.stdout, process.stderr);
    writeHints(hintsForReport(report, flags), process.stderr);
  }

  if (runPassed(report)) {
    // Only a PASSED run is summarised: a failure writes nothing and leaves an existing file alone.
    if (emitter) return (await (await import('../vsa-emit/for-commands.js')).emitArtifactVsa(emitter, report, flags, provenancePath)) ?? EXIT.verified;
    return EXIT.verified;
  }
  return failureExitCode(reportErrors(report), { offline: flags.offline });
}
