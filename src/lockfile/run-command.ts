import { EXIT } from '../cli/exit-codes.js';
import { failureExitCode } from '../cli/exit-code.js';
import { readNpmConfig } from '../cli/npm-config.js';
import { withSlash } from '../npm/registry-config.js';
import { usageFailure } from '../cli/usage.js';
import { asVerifyError, VerifyError } from '../errors/index.js';
import { colorFor } from '../inspect/color.js';
import { createProgress } from '../progress/progress-bar.js';
import { renderLockfileJson } from './render-json.js';
import { renderLockfileLines, renderLockfileTable } from './render-text.js';
import { lockfilePassed, verifyLockfile } from './verify-lockfile.js';

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
  try {
    npm = flags.artifacts === undefined ? readNpmConfig(lockfile, process.env) : undefined;
  } catch (err) {
    return usageFailure('verify-lockfile', asVerifyError(err), flags.format);
  }
  const report = await verifyLockfile({
    lockfile,
    artifactsDir: flags.artifacts,
    network: flags.offline === true ? 'never' : 'allowed',
    sources: { ...(npm ? { npm } : {}), ...(flags.indexUrl !== undefined ? { indexUrl: withSlash(flags.indexUrl) } : {}) },
    ...(flags.evidenceDir !== undefined ? { evidenceDir: flags.evidenceDir } : {}),
    ...(httpOverrides(process.env) ?? {}),
    announce: (line) => {
      if (flags.quiet !== true) process.stderr.write(`${line}\n`);
    },
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
  return failureExitCode([report.error, ...report.packages.map((p) => p.error)].filter((e) => e !== undefined));
}

/** Test hook: SLSA_VERIFY_HTTP_TIMEOUT_MS / _BACKOFF_MS shorten the HTTP client's waits (the stand-in servers' slow answers). */
function httpOverrides(env: NodeJS.ProcessEnv): { http: { timeoutMs?: number; backoffMs?: number } } | undefined {
  const timeout = Number(env['SLSA_VERIFY_HTTP_TIMEOUT_MS'] ?? '');
  const backoff = Number(env['SLSA_VERIFY_HTTP_BACKOFF_MS'] ?? '');
  if (!(timeout > 0) && !(backoff >= 0 && env['SLSA_VERIFY_HTTP_BACKOFF_MS'] !== undefined)) return undefined;
  return { http: { ...(timeout > 0 ? { timeoutMs: timeout } : {}), ...(backoff >= 0 && env['SLSA_VERIFY_HTTP_BACKOFF_MS'] !== undefined ? { backoffMs: backoff } : {}) } };
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
  try {
    npm = readNpmConfig(lockfile, process.env);
  } catch (err) {
    return usageFailure('fetch', asVerifyError(err), flags.format);
  }
  const { prepareEvidence } = await import('./prepare-evidence.js');
  const report = await prepareEvidence({
    lockfile,
    evidenceDir: flags.evidenceDir,
    network: 'allowed',
    sources: { npm, ...(flags.indexUrl !== undefined ? { indexUrl: withSlash(flags.indexUrl) } : {}) },
    ...(httpOverrides(process.env) ?? {}),
    announce: (line) => {
      if (flags.quiet !== true) process.stderr.write(`${line}\n`);
    },
  });
  const errors = [report.error, ...report.unavailable.map((u) => u.error)].filter((e) => e !== undefined);
  if (flags.format === 'json') {
    const doc = {
      schemaVersion: 1,
      command: 'fetch',
      lockfile,
      evidenceDir: flags.evidenceDir,
      verdict: errors.length === 0 ? 'PASSED' : 'FAILED',
      error: errors[0] ? { code: errors[0].code, message: errors[0].message } : null,
      stored: report.stored,
      unavailable: report.unavailable.map((u) => ({ name: u.name, version: u.version, error: { code: u.error.code, message: u.error.message } })),
    };
    process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
  } else {
    for (const u of report.unavailable) process.stderr.write(`Fetching ${u.name}@${u.version}: FAILED: ${u.error.message}\n`);
    if (report.error) process.stderr.write(`FAILED: fetch failed: ${report.error.message}\n`);
    else if (errors.length === 0) process.stderr.write(`PASSED: stored the evidence of ${report.stored} packages in ${flags.evidenceDir} (verify with --evidence-dir ${flags.evidenceDir} --offline)\n`);
    else process.stderr.write(`FAILED: stored the evidence of ${report.stored} packages, ${report.unavailable.length} could not be fetched\n`);
  }
  return errors.length === 0 ? EXIT.verified : failureExitCode(errors);
}
