import { statSync } from 'node:fs';
import { EXIT } from '../exit-codes.js';
import { VerifyError } from '../../errors/index.js';
import { safeText } from '../../report/escape-text.js';
import { httpOverrides } from '../http-overrides.js';
import { usageFailure } from '../usage.js';
import { failureExitCode, reportErrors } from '../exit-code.js';
import { emitterFor, type EmitVsaFlags } from '../emit-vsa-flags.js';
import { renderPypiText } from '../render/pypi-text.js';
import { writeJson } from '../write-json.js';
import { pypiPassed } from '../../pypi/report.js';
import { expectedFromRequest, pypiReport, runVerifyPypi, type VerifyPypiRequest } from '../../commands/verify-pypi.js';

export interface PypiFlags extends EmitVsaFlags {
  provenance?: string;
  repository?: string;
  serviceAccount?: string;
  workflow?: string;
  environment?: string;
  trustedRoot?: string;
  indexUrl?: string;
  offline?: boolean;
  quiet?: boolean;
  format: 'text' | 'json';
}

/** verify-pypi: flags to request, run, render, exit code. */
export async function runPypiCommand(input: string, flags: PypiFlags): Promise<number> {
  const request: VerifyPypiRequest = {
    input,
    provenancePath: flags.provenance,
    repository: flags.repository,
    serviceAccount: flags.serviceAccount,
    workflow: flags.workflow,
    environment: flags.environment,
    trustedRoot: flags.trustedRoot,
    network: flags.offline === true ? 'never' : 'allowed',
    indexUrl: flags.indexUrl,
    announce: (line) => {
      if (flags.quiet !== true) process.stderr.write(safeText`${line}\n`);
    },
  };
  let emitter;
  try {
    // The publisher flags are checked here first so that a wrong command line is reported as one.
    expectedFromRequest(request);
    emitter = await emitterFor(flags);
    if (flags.provenance === undefined && !isDirectory(input)) {
      if (flags.offline === true) throw new VerifyError('ErrorUsage', '--offline: give --provenance FILE (without it the provenance is fetched from the index)');
      // The VSA names the evidence file it summarises: fetched provenance has none.
      if (emitter) throw new VerifyError('ErrorUsage', '--emit-vsa needs --provenance FILE');
    }
  } catch (err) {
    return usageFailure('verify-pypi', err, flags.format);
  }
  const report = await runVerifyPypi({ ...request, ...(httpOverrides(process.env) ?? {}) });
  if (flags.format === 'json') writeJson(pypiReport(report));
  else renderPypiText(report, process.stderr);
  if (pypiPassed(report)) {
    // Only a PASSED run is summarised: a failure writes nothing and leaves an existing file alone.
    if (emitter) return (await (await import('../emit-vsa.js')).emitPypiVsa(emitter, report, flags)) ?? EXIT.verified;
    return EXIT.verified;
  }
  return failureExitCode(reportErrors(report));
}

/** A directory of distributions reads FILE.provenance beside each; anything else is judged (and refused) where it is read. */
function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
