import type { CommandKind } from '../checks/run-checks.js';
import { VerifyError } from '../errors/index.js';
import { EXIT } from './exit-codes.js';

export interface ProvenanceCommandFlags {
  provenancePath?: string;
  attestationPath?: string;
  sourceUri: string;
  sourceBranch?: string;
  sourceTag?: string;
  sourceVersionedTag?: string;
  builderId?: string;
  buildWorkflowInput: string[];
  printProvenance?: boolean;
  printAttestation?: boolean;
  trustedRoot?: string;
  format: 'text' | 'json';
}

/** Turn parsed flags into a request, run it, render it, and choose the exit code. */
export async function runVerifyCommand(
  command: CommandKind,
  artifacts: string[],
  provenancePath: string,
  flags: ProvenanceCommandFlags,
): Promise<number> {
  let workflowInputs: Record<string, string>;
  try {
    workflowInputs = parseWorkflowInputs(flags.buildWorkflowInput);
  } catch (err) {
    process.stderr.write(`Error: ${(err as Error).message}\n`);
    return EXIT.usage;
  }
  // Hashing starts first and interleaves with the loading of the Sigstore
  // modules below, which only a running command needs.
  const { hashArtifacts } = await import('../artifacts/hash-artifacts.js');
  const hashing = hashArtifacts(artifacts, ['sha256']);
  hashing.catch(() => undefined);
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
    policy: {
      sourceUri: flags.sourceUri,
      sourceBranch: flags.sourceBranch,
      sourceTag: flags.sourceTag,
      sourceVersionedTag: flags.sourceVersionedTag,
      builderId: flags.builderId,
      workflowInputs,
    },
    trustedRootPath: flags.trustedRoot,
    printProvenance: flags.printProvenance === true,
    testing: process.env.SLSA_VERIFIER_TESTING === '1',
    hashing,
  });
  if (flags.format === 'json') renderJson(report, process.stdout);
  else renderText(report, process.stdout, process.stderr);

  if (runPassed(report)) return EXIT.verified;
  const errors = [report.error, ...report.verdicts.map((v) => v.error)].filter((e): e is VerifyError => e !== undefined);
  return errors.some((e) => e.isUsage) ? EXIT.usage : EXIT.failed;
}

/** `key=value`, exactly one `=`, as slsa-verifier requires. */
function parseWorkflowInputs(pairs: string[]): Record<string, string> {
  const inputs: Record<string, string> = {};
  for (const pair of pairs) {
    const parts = pair.split('=');
    if (parts.length !== 2) {
      throw new VerifyError('ErrorInvalidFormat', `expected 'key=value' format, got '${pair}'`);
    }
    inputs[parts[0]!] = parts[1]!;
  }
  return inputs;
}
