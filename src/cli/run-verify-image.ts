import { VerifyError } from '../errors/index.js';
import { EXIT } from './exit-codes.js';

export interface ImageCommandFlags {
  provenancePath?: string;
  sourceUri: string;
  sourceBranch?: string;
  sourceTag?: string;
  sourceVersionedTag?: string;
  builderId?: string;
  buildWorkflowInput: string[];
  printProvenance?: boolean;
  trustedRoot?: string;
  trustConfig?: string;
  format: 'text' | 'json';
  offline?: boolean;
  provenanceRepository?: string;
}

/** verify-image: flags to request, run, render, exit code. */
export async function runVerifyImageCommand(image: string, flags: ImageCommandFlags): Promise<number> {
  const workflowInputs: Record<string, string> = {};
  for (const pair of flags.buildWorkflowInput) {
    const parts = pair.split('=');
    if (parts.length !== 2) {
      process.stderr.write(`Error: ${new VerifyError('ErrorInvalidFormat', `expected 'key=value' format, got '${pair}'`).message}\n`);
      return EXIT.usage;
    }
    workflowInputs[parts[0]!] = parts[1]!;
  }
  const [{ verifyImage }, { renderImageText }, { renderJson }, { runPassed, firstError }] = await Promise.all([
    import('../commands/verify-image.js'),
    import('../report/image-text.js'),
    import('../report/json.js'),
    import('../report/run-report.js'),
  ]);
  const report = await verifyImage({
    image,
    provenancePath: flags.provenancePath,
    policy: {
      sourceUri: flags.sourceUri,
      sourceBranch: flags.sourceBranch,
      sourceTag: flags.sourceTag,
      sourceVersionedTag: flags.sourceVersionedTag,
      builderId: flags.builderId,
      workflowInputs,
    },
    trustedRootPath: flags.trustedRoot,
    trustConfigPath: flags.trustConfig,
    printProvenance: flags.printProvenance === true,
    testing: process.env.SLSA_VERIFIER_TESTING === '1',
    offline: flags.offline === true,
    provenanceRepository: flags.provenanceRepository,
  });
  if (flags.format === 'json') renderJson(report, process.stdout);
  else renderImageText(report, process.stdout, process.stderr);
  if (runPassed(report)) return EXIT.verified;
  if (firstError(report)?.code === 'ErrorRegistryUnreachable') return EXIT.registryUnreachable;
  return firstError(report)?.isUsage ? EXIT.usage : EXIT.failed;
}
