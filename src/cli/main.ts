import { Command, CommanderError, Option } from 'commander';
import { EXIT } from './exit-codes.js';
import { runVerifyCommand, type ProvenanceCommandFlags } from './run-verify.js';

function collectInput(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** Flags shared by the provenance commands, spelled as slsa-verifier spells them. */
function addProvenanceFlags(cmd: Command): Command {
  return cmd
    .requiredOption('--source-uri <uri>', 'expected source repository that should have produced the binary, e.g. github.com/some/repo')
    .option('--builder-id <id>', '[optional] the unique builder ID who created the provenance')
    .option('--build-workflow-input <key=value>', "[optional] a workflow input provided at trigger time, 'key=value' (repeatable)", collectInput, [])
    .option('--trusted-root <file>', '[optional] Sigstore trusted_root.json to use instead of the embedded public-good root')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'));
}

export function buildProgram(): Command {
  const program = new Command('slsa-verify')
    .description('Verify SLSA provenance offline (slsa-verifier compatible)')
    .version('0.1.0')
    .exitOverride()
    .showSuggestionAfterError(false);

  addProvenanceFlags(
    program
      .command('verify-artifact')
      .description('Verifies SLSA provenance on artifact blobs given as arguments')
      .argument('<artifact...>', 'artifacts to verify')
      .requiredOption('--provenance-path <file>', 'path to a provenance file (Sigstore bundle or .intoto.jsonl)')
      .option('--source-branch <branch>', '[optional] expected branch the binary was compiled from')
      .addOption(new Option('--source-tag <tag>', '[optional] expected tag the binary was compiled from').conflicts('sourceVersionedTag'))
      .option('--source-versioned-tag <version>', '[optional] expected version the binary was compiled from (semantic version match)')
      .option('--print-provenance', '[optional] print the verified provenance to stdout'),
  ).action(async (artifacts: string[], flags: ProvenanceCommandFlags) => {
    process.exitCode = await runVerifyCommand('verify-artifact', artifacts, flags.provenancePath ?? '', flags);
  });

  addProvenanceFlags(
    program
      .command('verify-github-attestation')
      .description('Verifies a GitHub attestation (Sigstore bundle) on an artifact')
      .argument('<artifact...>', 'artifacts to verify')
      .requiredOption('--attestation-path <file>', 'path to the attestation bundle or .jsonl from `gh attestation download`')
      .option('--print-attestation', '[optional] print the verified attestation to stdout'),
  ).action(async (artifacts: string[], flags: ProvenanceCommandFlags) => {
    process.exitCode = await runVerifyCommand('verify-github-attestation', artifacts, flags.attestationPath ?? '', {
      ...flags,
      printProvenance: flags.printAttestation,
    });
  });

  return program;
}

export async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  program.configureOutput({ writeErr: (s) => process.stderr.write(s), writeOut: (s) => process.stdout.write(s) });
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and version are successes; every other parse failure is a usage error.
      process.exitCode = err.exitCode === 0 ? EXIT.verified : EXIT.usage;
      return;
    }
    // Never a stack trace: an unexpected throw is a failed verification.
    process.stderr.write(`FAILED: SLSA verification failed: internal error: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = EXIT.failed;
  }
}
