import { EXIT } from '../cli/exit-codes.js';
import { usageFailure } from '../cli/usage.js';
import { VerifyError } from '../errors/index.js';
import { colorFor } from '../inspect/color.js';
import { createProgress } from '../progress/progress-bar.js';
import { renderLockfileJson } from './render-json.js';
import { renderLockfileLines, renderLockfileTable } from './render-text.js';
import { lockfilePassed, verifyLockfile } from './verify-lockfile.js';

export interface LockfileFlags {
  artifacts: string;
  policy?: string;
  pins?: string;
  updatePins?: boolean;
  trustedRoot?: string;
  npmRegistryKeys?: string;
  format: 'text' | 'json';
  /** false with --no-color. */
  color: boolean;
  /** On a terminal: every package in the table, not only those that failed or warned. */
  verbose?: boolean;
}

/** verify-lockfile: one exit code for the whole tree (0 all verified or allowed, 1 any failure, 2 usage). */
export async function runLockfileCommand(lockfile: string, flags: LockfileFlags): Promise<number> {
  if (flags.updatePins === true && flags.pins === undefined) {
    return usageFailure('verify-lockfile', new VerifyError('ErrorUsage', '--update-pins needs --pins FILE'), flags.format);
  }
  const stderrColor = colorFor(process.stderr, flags.color);
  const report = await verifyLockfile({
    lockfile,
    artifactsDir: flags.artifacts,
    policyPath: flags.policy,
    pinsPath: flags.pins,
    updatePins: flags.updatePins === true,
    trustedRootPath: flags.trustedRoot,
    registryKeysPath: flags.npmRegistryKeys,
    testing: process.env.SLSA_VERIFIER_TESTING === '1',
    progress: (total) => createProgress(process.stderr, total, stderrColor),
  });
  if (flags.format === 'json') process.stdout.write(renderLockfileJson(report));
  else if (process.stderr.isTTY === true) {
    process.stderr.write(renderLockfileTable(report, stderrColor, { columns: process.stderr.columns || 80, verbose: flags.verbose === true }));
  }
  else process.stderr.write(renderLockfileLines(report));
  if (lockfilePassed(report)) return EXIT.verified;
  return report.error?.isUsage === true ? EXIT.usage : EXIT.failed;
}
