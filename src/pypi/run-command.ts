import { EXIT } from '../cli/exit-codes.js';
import type { VerifyError } from '../errors/index.js';
import { renderPypiJson, renderPypiText } from './render.js';
import { pypiPassed, verifyPypi } from './verify-pypi.js';

export interface PypiFlags {
  provenance?: string;
  repository: string;
  workflow?: string;
  environment?: string;
  trustedRoot?: string;
  format: 'text' | 'json';
}

/** verify-pypi: flags to request, run, render, exit code. */
export async function runPypiCommand(input: string, flags: PypiFlags): Promise<number> {
  const report = await verifyPypi({
    input,
    provenancePath: flags.provenance,
    repository: flags.repository,
    workflow: flags.workflow,
    environment: flags.environment,
    trustedRootPath: flags.trustedRoot,
  });
  if (flags.format === 'json') renderPypiJson(report, process.stdout);
  else renderPypiText(report, process.stderr);
  if (pypiPassed(report)) return EXIT.verified;
  const errors = [report.error, ...report.verdicts.map((v) => v.error)].filter((e): e is VerifyError => e !== undefined);
  return errors.some((e) => e.isUsage) ? EXIT.usage : EXIT.failed;
}
