import { join } from 'node:path';
import { EXIT } from '../cli/exit-codes.js';
import { readNpmConfig } from '../cli/npm-config.js';
import { hintsForReport, writeHints } from '../cli/hints.js';
import { usageFailure } from '../cli/usage.js';
import { VerifyError } from '../errors/index.js';
import { parseWorkflowInputs, slsaPolicyFromFlags, type SlsaPolicyFlags } from '../cli/slsa-policy-flags.js';
import { testingEnabled } from '../checks/env.js';
import { failureExitCode, reportErrors } from '../cli/exit-code.js';
import { emitterFor, type EmitVsaFlags } from '../vsa-emit/cli-flags.js';

export interface NpmPackageFlags extends EmitVsaFlags, SlsaPolicyFlags {
  attestationsPath?: string;
  offline?: boolean;
  quiet?: boolean;
  packageName: string;
  packageVersion: string;
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
  let npm;
  if (flags.attestationsPath === undefined) {
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
  const { hashArtifacts } = await import('../artifacts/hash-artifacts.js');
  // A VSA also names the tarball by SHA-256, the digest most VSA consumers ask for.
  const hashing = hashArtifacts([tarball], emitter ? ['sha512', 'sha256'] : ['sha512']);
  hashing.catch(() => undefined);
  const [{ verifyNpmPackage }, { renderNpmText }, { renderJson }, { runPassed }] = await Promise.all([
    import('../commands/verify-npm-package.js'),
    import('./render-text.js'),
    import('../report/json.js'),
    import('../report/run-report.js'),
  ]);
  const report = await verifyNpmPackage({
    tarball,
    attestationsPath: flags.attestationsPath,
    network: flags.offline === true ? 'never' : 'allowed',
    ...(npm ? { npm } : {}),
    announce: (line: string) => {
      if (flags.quiet !== true) process.stderr.write(`${line}\n`);
    },
    packageName: flags.packageName,
    packageVersion: flags.packageVersion,
    policy: slsaPolicyFromFlags(flags, workflowInputs),
    trustedRootPath: flags.trustedRoot,
    registryKeysPath: flags.npmRegistryKeys,
    printProvenance: flags.printProvenance === true,
    testing: testingEnabled(),
    hashing,
  });
  if (flags.format === 'json') renderJson(report, process.stdout);
  else {
    renderNpmText(report, process.stdout, process.stderr);
    writeHints(hintsForReport(report, flags), process.stderr);
  }

  if (runPassed(report)) {
    // Only a PASSED run is summarised: a failure writes nothing and leaves an existing file alone.
    if (emitter) return (await (await import('../vsa-emit/for-commands.js')).emitNpmVsa(emitter, report, flags)) ?? EXIT.verified;
    return EXIT.verified;
  }
  return failureExitCode(reportErrors(report));
}
