import { join } from 'node:path';
import { EXIT } from '../exit-codes.js';
import { readNpmConfig } from '../npm-config.js';
import { hintsForReport, writeHints } from '../hints.js';
import { usageFailure } from '../usage.js';
import { VerifyError } from '../../errors/index.js';
import { parseWorkflowInputs, type SlsaPolicyFlags } from '../slsa-policy-flags.js';
import { testingEnabled } from '../../checks/env.js';
import { failureExitCode, reportErrors } from '../exit-code.js';
import { emitterFor, type EmitVsaFlags } from '../emit-vsa-flags.js';
import { writeJson } from '../write-json.js';
import { safeText } from '../../report/escape-text.js';

export interface NpmPackageFlags extends EmitVsaFlags, SlsaPolicyFlags {
  attestationsPath?: string;
  offline?: boolean;
  quiet?: boolean;
  /** Waived by --integrity, where the argument is NAME@VERSION. */
  packageName?: string;
  packageVersion?: string;
  integrity?: string;
  npmRegistryKeys?: string;
}

/** verify-npm-package: flags to request, run, render, exit code. */
export async function runNpmPackageCommand(tarball: string, flags: NpmPackageFlags): Promise<number> {
  // Required as in slsa-verifier (the parser checks it too): npm CLI provenance can only be matched against a named builder.
  if (flags.builderId === undefined) return usageFailure('verify-npm-package', new VerifyError('ErrorUsage', 'missing required option --builder-id <id>'), flags.format);
  let workflowInputs: Record<string, string>;
  let emitter;
  try {
    workflowInputs = parseWorkflowInputs(flags.buildWorkflowInput);
    emitter = await emitterFor(flags);
  } catch (err) {
    return usageFailure('verify-npm-package', err, flags.format);
  }
  let packageName: string;
  let packageVersion: string;
  try {
    ({ packageName, packageVersion } = packageOf(tarball, flags));
  } catch (err) {
    return usageFailure('verify-npm-package', err, flags.format);
  }
  let npm;
  if (flags.integrity !== undefined) {
    if (flags.offline === true) return usageFailure('verify-npm-package', new VerifyError('ErrorUsage', '--integrity is checked against the registry\'s dist.integrity: not with --offline'), flags.format);
    // The VSA names the tarball by SHA-256 too, which an integrity does not give.
    if (emitter) return usageFailure('verify-npm-package', new VerifyError('ErrorUsage', '--emit-vsa needs the tarball, not --integrity'), flags.format);
  }
  if (flags.attestationsPath === undefined || flags.integrity !== undefined) {
    if (flags.offline === true) {
      return usageFailure('verify-npm-package', new VerifyError('ErrorUsage', '--offline: give --attestations-path FILE (without it the attestations are fetched from the registry)'), flags.format);
    }
    // The VSA names the evidence file it summarises: fetched attestations have none.
    if (emitter) return usageFailure('verify-npm-package', new VerifyError('ErrorUsage', '--emit-vsa needs --attestations-path FILE'), flags.format);
    try {
      npm = readNpmConfig(join(process.cwd(), 'package.json'), process.env);
    } catch (err) {
      return usageFailure('verify-npm-package', err, flags.format);
    }
  }
  const { hashArtifacts } = await import('../../artifacts/hash-artifacts.js');
  // Started before the Sigstore modules load. A VSA also names the tarball by SHA-256, the digest most VSA consumers ask for.
  const hashing = flags.integrity === undefined ? hashArtifacts([tarball], emitter ? ['sha512', 'sha256'] : ['sha512']) : undefined;
  hashing?.catch(() => undefined);
  const [{ runVerifyNpmPackage, npmPackageReport }, { renderNpmText }, { runPassed }] = await Promise.all([
    import('../../commands/verify-npm-package.js'),
    import('../render/npm-text.js'),
    import('../../report/run-report.js'),
  ]);
  const report = await runVerifyNpmPackage({
    tarball,
    attestationsPath: flags.attestationsPath,
    integrity: flags.integrity,
    network: flags.offline === true ? 'never' : 'allowed',
    ...(npm ? { npm } : {}),
    announce: (line: string) => {
      if (flags.quiet !== true) process.stderr.write(safeText`${line}\n`);
    },
    packageName,
    packageVersion,
    sourceUri: flags.sourceUri,
    sourceBranch: flags.sourceBranch,
    sourceTag: flags.sourceTag,
    sourceVersionedTag: flags.sourceVersionedTag,
    builderId: flags.builderId,
    workflowInputs,
    trustedRoot: flags.trustedRoot,
    registryKeysPath: flags.npmRegistryKeys,
    printProvenance: flags.printProvenance === true,
    testing: testingEnabled(),
  }, hashing);
  if (flags.format === 'json') writeJson(npmPackageReport(report));
  else {
    renderNpmText(report, process.stdout, process.stderr);
    writeHints(hintsForReport(report, flags), process.stderr);
  }

  if (runPassed(report)) {
    // Only a PASSED run is summarised: a failure writes nothing and leaves an existing file alone.
    if (emitter) return (await (await import('../emit-vsa.js')).emitNpmVsa(emitter, report, { ...flags, packageName, packageVersion })) ?? EXIT.verified;
    return EXIT.verified;
  }
  return failureExitCode(reportErrors(report));
}

/**
 * The package: --package-name and --package-version with a tarball; with
 * --integrity the argument is NAME@VERSION, and the flags, when also given,
 * must say the same.
 */
function packageOf(argument: string, flags: NpmPackageFlags): { packageName: string; packageVersion: string } {
  if (flags.integrity === undefined) {
    if (flags.packageName === undefined || flags.packageVersion === undefined) throw new VerifyError('ErrorUsage', 'missing required options --package-name <name>, --package-version <version>');
    return { packageName: flags.packageName, packageVersion: flags.packageVersion };
  }
  const at = argument.lastIndexOf('@');
  if (at <= 0 || at === argument.length - 1) throw new VerifyError('ErrorUsage', `with --integrity the argument is NAME@VERSION, not '${argument.slice(0, 100)}'`);
  const packageName = argument.slice(0, at);
  const packageVersion = argument.slice(at + 1);
  if (flags.packageName !== undefined && flags.packageName !== packageName) throw new VerifyError('ErrorUsage', `--package-name ${flags.packageName} is not the package of ${argument}`);
  if (flags.packageVersion !== undefined && flags.packageVersion !== packageVersion) throw new VerifyError('ErrorUsage', `--package-version ${flags.packageVersion} is not the version of ${argument}`);
  return { packageName, packageVersion };
}
