import { EXIT } from '../cli/exit-codes.js';
import { usageFailure } from '../cli/usage.js';
import type { VerifyError } from '../errors/index.js';
import { emitterFor, type EmitVsaFlags } from '../vsa-emit/cli-flags.js';
import { renderPypiJson, renderPypiText } from './render.js';
import { expectedFromRequest, pypiPassed, verifyPypi } from './verify-pypi.js';

export interface PypiFlags extends EmitVsaFlags {
  provenance?: string;
  repository?: string;
  serviceAccount?: string;
  workflow?: string;
  environment?: string;
  trustedRoot?: string;
  format: 'text' | 'json';
}

/** verify-pypi: flags to request, run, render, exit code. */
export async function runPypiCommand(input: string, flags: PypiFlags): Promise<number> {
  const request = {
    input,
    provenancePath: flags.provenance,
    repository: flags.repository,
    serviceAccount: flags.serviceAccount,
    workflow: flags.workflow,
    environment: flags.environment,
    trustedRootPath: flags.trustedRoot,
  };
  let emitter;
  try {
    // The publisher flags are checked here first so that a wrong command line is reported as one.
    expectedFromRequest(request);
    emitter = await emitterFor(flags);
  } catch (err) {
    return usageFailure('verify-pypi', err, flags.format);
  }
  const report = await verifyPypi(request);
  if (flags.format === 'json') renderPypiJson(report, process.stdout);
  else renderPypiText(report, process.stderr);
  if (pypiPassed(report)) {
    // Only a PASSED run is summarised: a failure writes nothing and leaves an existing file alone.
    if (emitter) return (await (await import('../vsa-emit/for-commands.js')).emitPypiVsa(emitter, report, flags)) ?? EXIT.verified;
    return EXIT.verified;
  }
  const errors = [report.error, ...report.verdicts.map((v) => v.error)].filter((e): e is VerifyError => e !== undefined);
  return errors.some((e) => e.isUsage) ? EXIT.usage : EXIT.failed;
}
