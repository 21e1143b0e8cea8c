import { EXIT } from '../exit-codes.js';
import { failureExitCode } from '../exit-code.js';
import { readNpmConfig } from '../npm-config.js';
import { parseIndexUrl } from '../../pypi/index-url.js';
import { usageFailure } from '../usage.js';
import { asVerifyError, VerifyError } from '../../errors/index.js';
import { colorFor } from '../color.js';
import { createProgress } from '../progress-bar.js';
import { renderLockfileLines, renderLockfileTable } from '../render/lockfile-text.js';
import { writeJson } from '../write-json.js';
import { lockfilePassed } from '../../lockfile/report.js';
import { lockfileReport, runVerifyLockfile } from '../../commands/verify-lockfile.js';
import { safeText } from '../../report/escape-text.js';
import { httpOverrides } from '../http-overrides.js';

export interface LockfileFlags {
  artifacts?: string;
  offline?: boolean;
  quiet?: boolean;
  evidenceDir?: string;
  indexUrl?: string;
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
  let npm;
  let index;
  try {
    npm = flags.artifacts === undefined ? readNpmConfig(lockfile, process.env) : undefined;
    index = indexSources(flags.indexUrl);
  } catch (err) {
    return usageFailure('verify-lockfile', asVerifyError(err), flags.format);
  }
  const report = await runVerifyLockfile({
    lockfile,
    artifactsDir: flags.artifacts,
    network: flags.offline === true ? 'never' : 'allowed',
    sources: { ...(npm ? { npm } : {}), ...index },
    ...(flags.evidenceDir !== undefined ? { evidenceDir: flags.evidenceDir } : {}),
    ...(httpOverrides(process.env) ?? {}),
    announce: (line) => {
      if (flags.quiet !== true) process.stderr.write(safeText`${line}\n`);
    },
    policyPath: flags.policy,
    pinsPath: flags.pins,
    updatePins: flags.updatePins === true,
    trustedRootPath: flags.trustedRoot,
    registryKeysPath: flags.npmRegistryKeys,
    testing: process.env.SLSA_VERIFIER_TESTING === '1',
    progress: (total) => createProgress(process.stderr, total, stderrColor),
  });
  if (flags.format === 'json') writeJson(lockfileReport(report));
  else if (process.stderr.isTTY === true) {
    process.stderr.write(renderLockfileTable(report, stderrColor, { columns: process.stderr.columns || 80, verbose: flags.verbose === true }));
  }
  else process.stderr.write(renderLockfileLines(report));
  if (lockfilePassed(report)) return EXIT.verified;
  return failureExitCode([report.error, ...report.packages.map((p) => p.error)].filter((e) => e !== undefined));
}

/** --index-url as pip spells it (credentials in it are sent to its origin only). */
function indexSources(indexUrl: string | undefined): { indexUrl?: string; indexAuthorization?: string } {
  if (indexUrl === undefined) return {};
  const { indexUrl: base, authorization } = parseIndexUrl(indexUrl);
  return { indexUrl: base, ...(authorization !== undefined ? { indexAuthorization: authorization } : {}) };
}


export interface FetchFlags {
  evidenceDir: string;
  indexUrl?: string;
  quiet?: boolean;
  format: 'text' | 'json';
}

/** `fetch LOCKFILE --evidence-dir DIR`: 0 every package's evidence stored, 4 a registry could not be asked, 1 otherwise, 2 usage. */
export async function runFetchCommand(lockfile: string, flags: FetchFlags): Promise<number> {
  let npm;
  let index;
  try {
    npm = readNpmConfig(lockfile, process.env);
    index = indexSources(flags.indexUrl);
  } catch (err) {
    return usageFailure('fetch', asVerifyError(err), flags.format);
  }
  const { fetchReport, prepareEvidence } = await import('../../commands/fetch.js');
  const report = await prepareEvidence({
    lockfile,
    evidenceDir: flags.evidenceDir,
    network: 'allowed',
    sources: { npm, ...index },
    ...(httpOverrides(process.env) ?? {}),
    announce: (line) => {
      if (flags.quiet !== true) process.stderr.write(safeText`${line}\n`);
    },
  });
  const errors = [report.error, ...report.unavailable.map((u) => u.error)].filter((e) => e !== undefined);
  if (flags.format === 'json') writeJson(fetchReport(report));
  else {
    for (const u of report.unavailable) process.stderr.write(safeText`Fetching ${u.name}@${u.version}: FAILED: ${u.error.message}\n`);
    if (report.error) process.stderr.write(safeText`FAILED: fetch failed: ${report.error.message}\n`);
    else if (errors.length === 0) process.stderr.write(safeText`PASSED: stored the evidence of ${report.stored} packages in ${flags.evidenceDir} (verify with --evidence-dir ${flags.evidenceDir} --offline)\n`);
    else process.stderr.write(`FAILED: stored the evidence of ${report.stored} packages, ${report.unavailable.length} could not be fetched\n`);
  }
  return errors.length === 0 ? EXIT.verified : failureExitCode(errors);
}
