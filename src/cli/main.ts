import { Command, CommanderError, Option } from 'commander';
import { DEFAULT_REKOR_URL } from '../rekor/defaults.js';
import { EXIT } from './exit-codes.js';
import type { ProvenanceCommandFlags } from './commands/verify-artifact.js';
import { addEmitVsaFlags } from './emit-vsa-flags.js';
import { finishProgram, markRequired, reportCommanderError, waiveRequired } from './usage.js';
import { addVersionCommand, packageVersion } from './version.js';
import type { NpmPackageFlags } from './commands/verify-npm-package.js';
import type { VsaFlags } from './commands/verify-vsa.js';
import type { ImageCommandFlags } from './commands/verify-image.js';
import type { VerifyBundleFlags } from './commands/verify-bundle.js';
import type { AttestationVerifyFlags } from './commands/attestation-verify.js';
import type { PypiFlags } from './commands/verify-pypi.js';
import type { InspectFlags } from './commands/inspect.js';
import type { ExplainFlags } from './commands/policy-explain.js';
import type { FetchFlags, LockfileFlags } from './commands/verify-lockfile.js';
import { safeText } from '../report/escape-text.js';

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
    .version(packageVersion())
    .exitOverride();
  addVersionCommand(program);

  addProvenanceFlags(
    addEmitVsaFlags(program.command('verify-artifact'))
      .description('Verifies SLSA provenance on artifact blobs given as arguments')
      .argument('[artifact...]', 'artifacts to verify: files, or digests as sha256:<hex> / sha512:<hex>')
      .requiredOption('--provenance-path <file>', 'path to a provenance file (Sigstore bundle or .intoto.jsonl)')
      .option('--checksums <file>', '[optional] sha256sum/sha512sum file (GNU or BSD lines) naming artifacts by digest (repeatable)', collectInput, [])
      .option('--policy <file>', '[optional] YAML/JSON policy enforced after the slsa-verifier checks; flags may only narrow it')
      .option('--source-branch <branch>', '[optional] expected branch the binary was compiled from')
      .addOption(new Option('--source-tag <tag>', '[optional] expected tag the binary was compiled from').conflicts('sourceVersionedTag'))
      .option('--source-versioned-tag <version>', '[optional] expected version the binary was compiled from (semantic version match)')
      .option('--print-provenance', '[optional] print the verified provenance to stdout')
      .option('--rekor-url <url>', '[optional] Rekor instance asked for the log entry of a bare DSSE envelope (legacy .intoto.jsonl)', DEFAULT_REKOR_URL)
      .option('--offline', '[optional] never ask Rekor: a bare DSSE envelope then fails (exit 2)')
      .option('--save-bundle <file>', '[optional] after a Rekor lookup, write the verified Sigstore bundle here for offline use')
      .option('--public-key <file>', '[optional] PEM key that signed the provenance (custom builders, no Sigstore); requires --builder-id')
      .option('--public-key-id <id>', '[optional] with --public-key: only the signature naming this key id is tried')
      .option('--signature <file>', '[optional] with --public-key: detached signature over the provenance file (openssl dgst -sign, or minisign .minisig)')
      .option('--signature-bundle <file>', '[optional] Sigstore bundle whose message signature is over the provenance file (cosign sign-blob --bundle); requires --builder-id')
      .option('--certificate-identity <id>', '[optional] with --signature-bundle: the certificate identity, exactly')
      .option('--certificate-identity-regexp <re>', '[optional] with --signature-bundle: a pattern the whole certificate identity must match')
      .option('--certificate-oidc-issuer <url>', '[optional] with --signature-bundle: the certificate OIDC issuer, exactly')
      .option('--material <file|digest>', '[optional] with --public-key or --signature-bundle: a dependency the provenance must list with this digest (repeatable)', collectInput, []),
  ).action(async (artifacts: string[], flags: ProvenanceCommandFlags) => {
    const { runVerifyArtifactCommand } = await import('./commands/verify-artifact.js');
    process.exitCode = await runVerifyArtifactCommand(artifacts, flags);
  });

  addProvenanceFlags(
    program
      .command('verify-github-attestation')
      .description('Verifies a GitHub attestation (Sigstore bundle) on an artifact')
      .argument('<artifact...>', 'artifacts to verify')
      .requiredOption('--attestation-path <file>', 'path to the attestation bundle or .jsonl from `gh attestation download`')
      .option('--print-attestation', '[optional] print the verified attestation to stdout'),
  ).action(async (artifacts: string[], flags: ProvenanceCommandFlags) => {
    const { runVerifyGithubAttestationCommand } = await import('./commands/verify-github-attestation.js');
    process.exitCode = await runVerifyGithubAttestationCommand(artifacts, flags);
  });

  const npmPackage = addProvenanceFlags(
    addEmitVsaFlags(program.command('verify-npm-package'))
      .description('Verifies SLSA provenance and the registry publish attestation of an npm package tarball')
      .argument('<tarball>', 'the npm package tarball (.tgz), or NAME@VERSION with --integrity')
      .option('--integrity <sri>', '[optional] instead of a tarball: its sha512 SRI integrity (as a lockfile pins it), checked against the registry\'s dist.integrity')
      .option('--attestations-path <file>', "[optional] path to the npm registry's attestations document (JSON); without it they are fetched from the registry")
      .requiredOption('--package-name <name>', 'the package name, e.g. @scope/name')
      .requiredOption('--package-version <version>', 'the package version')
      .option('--source-branch <branch>', '[optional] expected branch the package was built from')
      .addOption(new Option('--source-tag <tag>', '[optional] expected tag the package was built from').conflicts('sourceVersionedTag'))
      .option('--source-versioned-tag <version>', '[optional] expected version the package was built from (semantic version match)')
      .option('--npm-registry-keys <file>', '[optional] npm registry key list (keys.json) to use instead of the embedded one')
      .option('--offline', '[optional] never use the network (then --attestations-path is needed)')
      .option('--quiet', '[optional] do not say what is fetched from where')
      .option('--print-provenance', '[optional] print the verified provenance to stdout'),
  );
  // Required as in slsa-verifier: npm CLI provenance can only be matched against a named builder.
  waiveRequired(waiveRequired(npmPackage, '--package-name', '--integrity'), '--package-version', '--integrity');
  markRequired(npmPackage, '--builder-id').action(async (tarball: string, flags: NpmPackageFlags) => {
    const { runNpmPackageCommand } = await import('./commands/verify-npm-package.js');
    process.exitCode = await runNpmPackageCommand(tarball, flags);
  });

  program
    .command('verify-vsa')
    .description('Verifies a DSSE-signed SLSA Verification Summary Attestation (VSA v1)')
    .requiredOption('--attestation-path <file>', 'path to the VSA (a DSSE envelope, JSON)')
    .requiredOption('--verifier-id <id>', 'the verifier ID the VSA must name')
    .requiredOption('--resource-uri <uri>', 'the resource URI the VSA must name')
    .requiredOption('--public-key-path <file>', 'path to the verifier public key (PEM)')
    .option('--public-key-id <id>', '[optional] key ID the signature must name (default: the key\'s SSH SHA256 fingerprint)')
    .option('--subject-digest <type:value>', 'a digest the VSA subjects must contain (repeatable)', collectInput, [])
    .option('--verified-level <level>', '[optional] a level the VSA must attest, e.g. SLSA_BUILD_LEVEL_2 (repeatable)', collectInput, [])
    .option('--verified-levels <levels>', '[optional] comma-separated levels, as --verified-level', collectInput, [])
    .option('--print-attestation', '[optional] print the verified VSA statement to stdout')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (flags: VsaFlags) => {
      const { runVsaCommand } = await import('./commands/verify-vsa.js');
      process.exitCode = await runVsaCommand(flags);
    });

  addProvenanceFlags(
    addEmitVsaFlags(program.command('verify-image'))
      .description('Verifies SLSA provenance for a container image pinned by digest (NAME@sha256:..., oci-layout:DIR@sha256:...)')
      .argument('<image>', 'the image, referenced by digest')
      .option('--provenance-path <file>', '[optional] provenance file: a Sigstore bundle / .intoto.jsonl, or gcloud --show-provenance JSON for Cloud Build')
      .option('--source-branch <branch>', '[optional] expected branch the image was built from (not supported for Cloud Build)')
      .addOption(new Option('--source-tag <tag>', '[optional] expected tag the image was built from').conflicts('sourceVersionedTag'))
      .option('--source-versioned-tag <version>', '[optional] expected version the image was built from (semantic version match)')
      .option('--trust-config <file>', "[optional] JSON file naming public keys not shipped with this tool (Google Cloud Build's attestor keys)")
      .option('--print-provenance', '[optional] print the verified provenance to stdout')
      .option('--provenance-repository <repo>', '[optional] registry repository holding the attestations, instead of the image\'s')
      .option('--offline', '[optional] never ask a registry: a registry image then needs --provenance-path (exit 2)'),
  ).action(async (image: string, flags: ImageCommandFlags) => {
    const { runVerifyImageCommand } = await import('./commands/verify-image.js');
    process.exitCode = await runVerifyImageCommand(image, flags);
  });

  addEmitVsaFlags(program.command('verify-pypi'))
    .description('Verifies the PEP 740 attestations of a Python distribution (wheel, sdist) or of every one in a directory')
    .argument('<dist>', 'a wheel or sdist, or a directory of them each with FILE.provenance beside it')
    .option('--provenance <file>', "[optional] the distribution's PEP 740 provenance object (PyPI integrity API JSON); without it a file's is fetched from the index")
    .option('--index-url <url>', '[optional] Python package index (Simple API), as pip\'s --index-url', 'https://pypi.org/simple/')
    .option('--offline', '[optional] never use the network (then a file needs --provenance)')
    .option('--quiet', '[optional] do not say what is fetched from where')
    .addOption(new Option('--repository <url>', 'the Trusted Publisher repository: https://github.com/OWNER/REPO or https://gitlab.com/NAMESPACE/PROJECT').conflicts('serviceAccount'))
    .option('--service-account <email>', 'instead of --repository: the Google Cloud Trusted Publisher, a service account email')
    .option('--workflow <name>', '[optional] the publishing workflow file (GitHub: release.yml; GitLab: the CI file path)')
    .option('--environment <name>', '[optional] the publishing environment PyPI recorded for the publisher')
    .option('--trusted-root <file>', '[optional] Sigstore trusted_root.json to use instead of the embedded public-good root')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (dist: string, flags: PypiFlags) => {
      const { runPypiCommand } = await import('./commands/verify-pypi.js');
      process.exitCode = await runPypiCommand(dist, flags);
    });

  program
    .command('verify-lockfile')
    .description('Verifies every package a lockfile pins (package-lock.json, pnpm-lock.yaml, yarn.lock, requirements.txt with hashes, pylock.toml, poetry.lock, Pipfile.lock, uv.lock) by its digests, with the registry\'s attestations')
    .argument('<lockfile>', 'package-lock.json (v2/v3), pnpm-lock.yaml (v6/v9), yarn.lock (v1), requirements.txt (--hash pins), pylock.toml, poetry.lock, Pipfile.lock or uv.lock')
    .option('--artifacts <dir>', '[optional] directory of the tarballs / distributions, each with its attestations beside it (instead of fetching)')
    .option('--evidence-dir <dir>', '[optional] store every fetched document here; with --offline, the only source')
    .option('--offline', '[optional] never use the network (needs --artifacts or --evidence-dir)')
    .option('--quiet', '[optional] do not say what is fetched from where, nor draw a progress bar')
    .option('--index-url <url>', '[optional] Python package index (Simple API), as pip\'s --index-url', 'https://pypi.org/simple/')
    .option('--policy <file>', '[optional] YAML/JSON policy: source repository and builder per package, missingProvenance')
    .option('--pins <file>', '[optional] JSON file of publisher pins (trust on first use); created when absent')
    .option('--update-pins', '[optional] accept changed or removed publishers and rewrite the pins')
    .option('--trusted-root <file>', '[optional] Sigstore trusted_root.json to use instead of the embedded public-good root')
    .option('--npm-registry-keys <file>', '[optional] npm registry key list (keys.json) to use instead of the embedded one')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--no-color', 'never colour the output (NO_COLOR is honoured too)')
    .option('--verbose', '[optional] on a terminal, list every package (default: those that failed or warned, then a summary)')
    .action(async (lockfile: string, flags: LockfileFlags) => {
      const { runLockfileCommand } = await import('./commands/verify-lockfile.js');
      process.exitCode = await runLockfileCommand(lockfile, flags);
    });

  program
    .command('fetch')
    .description('Fetches and stores, by digest, every document verify-lockfile needs for a lockfile, for a later --offline run')
    .argument('<lockfile>', 'package-lock.json (v2/v3), pnpm-lock.yaml (v6/v9), yarn.lock (v1), requirements.txt (--hash pins), pylock.toml, poetry.lock, Pipfile.lock or uv.lock')
    .requiredOption('--evidence-dir <dir>', 'where to store the documents (created when absent)')
    .option('--index-url <url>', '[optional] Python package index (Simple API), as pip\'s --index-url', 'https://pypi.org/simple/')
    .option('--quiet', '[optional] do not say what is fetched from where, nor draw a progress bar')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (lockfile: string, flags: FetchFlags) => {
      const { runFetchCommand } = await import('./commands/verify-lockfile.js');
      process.exitCode = await runFetchCommand(lockfile, flags);
    });

  program
    .command('verify-bundle')
    .description('Verifies any Sigstore bundle (message signature or DSSE) for an artifact, as the Sigstore conformance suite drives clients')
    .argument('<file-or-digest>', 'the artifact, or its digest as sha256:<hex>')
    .requiredOption('--bundle <file>', 'path to the Sigstore bundle')
    .option('--certificate-identity <id>', 'the exact URI or email SAN of the signing certificate')
    .option('--certificate-oidc-issuer <url>', 'the exact OIDC issuer of the signing certificate')
    .option('--key <file>', 'PEM public key of a key-signed bundle (instead of the certificate flags)')
    .option('--trusted-root <file>', '[optional] Sigstore trusted_root.json to use instead of the embedded public-good root')
    .option('--staging', '[optional] Sigstore staging (needs --trusted-root: no staging root is embedded)')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (fileOrDigest: string, flags: VerifyBundleFlags) => {
      const { runVerifyBundleCommand } = await import('./commands/verify-bundle.js');
      process.exitCode = await runVerifyBundleCommand(fileOrDigest, flags);
    });

  program
    .command('attestation')
    .description("GitHub artifact attestations, as gh's attestation commands")
    .command('verify')
    .description("Verifies a GitHub artifact attestation offline with gh attestation verify's flags (a bundle, or the .jsonl of gh attestation download)")
    .argument('<file-or-digest>', 'the artifact, or its digest as sha256:<hex>')
    .option('-b, --bundle <file>', 'a Sigstore bundle, or the .jsonl that gh attestation download writes (required: no API is asked)')
    .option('-o, --owner <owner>', 'the GitHub organization or user the artifact belongs to')
    .option('-R, --repo <owner/repo>', 'the repository the artifact belongs to')
    .option('--signer-workflow <[host/]owner/repo/path>', "[optional] the workflow that signed (a pattern, as in gh; it ends at the SAN's @ref)")
    .option('--signer-repo <owner/repo>', '[optional] the repository of the reusable workflow that signed')
    .option('--signer-digest <sha>', '[optional] the digest of the signer workflow (1.10)')
    .option('--source-ref <ref>', '[optional] the source repository ref (1.14), e.g. refs/heads/main')
    .option('--source-digest <sha>', '[optional] the source repository digest (1.13)')
    .option('--cert-identity <san>', "[optional] the certificate's exact subject alternative name")
    .option('-i, --cert-identity-regex <regex>', "[optional] a pattern the whole subject alternative name must match")
    .option('--cert-oidc-issuer <url>', '[optional] the OIDC issuer (default https://token.actions.githubusercontent.com)')
    .option('--predicate-type <uri>', '[optional] the predicate type to verify (default https://slsa.dev/provenance/v1)')
    .option('--deny-self-hosted-runners', '[optional] fail for attestations made on self-hosted runners')
    .option('-L, --limit <n>', '[optional] the most attestations the file may hold (1-1000, default 30)')
    .option('--custom-trusted-root <file>', '[optional] a trusted_root.json, or the .jsonl of gh attestation trusted-root')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (fileOrDigest: string, flags: AttestationVerifyFlags) => {
      const { runAttestationVerifyCommand } = await import('./commands/attestation-verify.js');
      process.exitCode = await runAttestationVerifyCommand(fileOrDigest, flags);
    });

  program
    .command('inspect')
    .description('Shows what an attestation claims, UNVERIFIED, and the verify-artifact flags that would check it')
    .argument('<file>', 'a Sigstore bundle or .intoto.jsonl')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--no-color', 'never colour the output (NO_COLOR is honoured too)')
    .action(async (file: string, flags: InspectFlags) => {
      const { runInspectCommand } = await import('./commands/inspect.js');
      process.exitCode = await runInspectCommand(file, flags);
    });

  program
    .command('policy')
    .description('Policy file tools')
    .command('explain')
    .description('Prints what verify-artifact --policy FILE will enforce')
    .argument('<file>', 'the policy (YAML or JSON)')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--no-color', 'never colour the output (NO_COLOR is honoured too)')
    .action(async (file: string, flags: ExplainFlags) => {
      const { runPolicyExplain } = await import('./commands/policy-explain.js');
      process.exitCode = await runPolicyExplain(file, flags);
    });

  return program;
}

/**
 * A reader that went away (`| head`) ends the output, not the run: no stack
 * trace, and the exit code stays the verdict. Any other failure to write the
 * report means it was not delivered: exit 2.
 */
function onOutputError(err: NodeJS.ErrnoException): void {
  if (err.code !== 'EPIPE') process.exitCode = EXIT.usage;
}

export async function main(argv: string[]): Promise<void> {
  process.stdout.on('error', onOutputError);
  process.stderr.on('error', onOutputError);
  const program = buildProgram();
  const parse = finishProgram(program);
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and version are successes; every other parse failure is a usage error.
      process.exitCode = reportCommanderError(err, parse, program, argv.slice(2));
      return;
    }
    // Never a stack trace: an unexpected throw is a failed verification.
    process.stderr.write(safeText`FAILED: SLSA verification failed: internal error: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = EXIT.failed;
  }
}
