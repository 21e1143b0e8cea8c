import { parseWorkflowInputs, type SlsaPolicyFlags } from '../slsa-policy-flags.js';
import { hintsForReport, writeHints } from '../hints.js';
import { refuseLocalPathAsImage } from '../local-image-path.js';
import { usageFailure } from '../usage.js';
import { testingEnabled } from '../../checks/env.js';
import { failureExitCode, reportErrors } from '../exit-code.js';
import { EXIT } from '../exit-codes.js';
import { emitterFor, type EmitVsaFlags } from '../emit-vsa-flags.js';
import { writeJson } from '../write-json.js';

export interface ImageCommandFlags extends EmitVsaFlags, SlsaPolicyFlags {
  provenancePath?: string;
  trustConfig?: string;
  offline?: boolean;
  provenanceRepository?: string;
}

/** verify-image: flags to request, run, render, exit code. */
export async function runVerifyImageCommand(image: string, flags: ImageCommandFlags): Promise<number> {
  let workflowInputs: Record<string, string>;
  let emitter;
  try {
    // Asking a registry for a name that is a local directory here is surely a mistake.
    if (flags.provenancePath === undefined) refuseLocalPathAsImage(image);
    workflowInputs = parseWorkflowInputs(flags.buildWorkflowInput);
    emitter = await emitterFor(flags);
  } catch (err) {
    return usageFailure('verify-image', err, flags.format);
  }
  const [{ runVerifyImage, imageReport }, { renderImageText }, { runPassed }] = await Promise.all([
    import('../../commands/verify-image.js'),
    import('../render/image-text.js'),
    import('../../report/run-report.js'),
  ]);
  const report = await runVerifyImage({
    image,
    provenancePath: flags.provenancePath,
    sourceUri: flags.sourceUri,
    sourceBranch: flags.sourceBranch,
    sourceTag: flags.sourceTag,
    sourceVersionedTag: flags.sourceVersionedTag,
    builderId: flags.builderId,
    workflowInputs,
    trustedRoot: flags.trustedRoot,
    trustConfigPath: flags.trustConfig,
    printProvenance: flags.printProvenance === true,
    testing: testingEnabled(),
    network: flags.offline === true ? 'never' : 'allowed',
    provenanceRepository: flags.provenanceRepository,
  });
  if (flags.format === 'json') writeJson(imageReport(report));
  else {
    renderImageText(report, process.stdout, process.stderr);
    writeHints(hintsForReport(report, flags), process.stderr);
  }
  if (runPassed(report)) {
    // Only a PASSED run is summarised: a failure writes nothing and leaves an existing file alone.
    if (emitter) return (await (await import('../emit-vsa.js')).emitImageVsa(emitter, report, flags)) ?? EXIT.verified;
    return EXIT.verified;
  }
  // verify-image asks no log: --offline only refuses a registry read, itself a usage error;
  // an attestation lacking its log entry is a failure (exit 1) with or without --offline.
  return failureExitCode(reportErrors(report));
}
