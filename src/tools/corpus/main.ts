import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCases, type CorpusCase } from './cases.js';
import { imageCaseArgs, isLocalLayoutCase, stderrLineMatches } from './image-args.js';

/**
 * `npm run corpus -- DIR [--all]`: runs slsa-verifier's regression cases through
 * the real CLI and compares verdicts and error codes. By default only the cases
 * the real CLI can express (`cli_equivalent`) of the commands that exist.
 * `--mutants` runs the mutation test over the corpus's passing evidence
 * instead (./corpus-mutants.ts).
 */
const SUPPORTED_COMMANDS = new Set(['verify-artifact', 'verify-github-attestation', 'verify-image', 'verify-npm-package', 'verify-vsa']);
const BIN = fileURLToPath(new URL('../../../bin/slsa-verify', import.meta.url));
const CODE_AGREEMENT_GOAL = 0.95;

interface Outcome {
  c: CorpusCase;
  verdict: 'pass' | 'fail';
  code: string | null;
  builderId: string | null;
  stderrLines: string[] | undefined;
  problems: string[];
}

interface CliRun { status: number | null; stdout: string; stderr: string }

function runCli(args: string[], cwd: string, env: Record<string, string>): Promise<CliRun> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (status) => done({ status, stdout, stderr }));
  });
}

async function runCase(c: CorpusCase, testdata: string): Promise<Outcome> {
  const args = imageCaseArgs(c, join(testdata, '..'));
  const json = await runCli([...args, '--format', 'json'], testdata, c.env);
  const outcome: Outcome = { c, verdict: json.status === 0 ? 'pass' : 'fail', code: null, builderId: null, stderrLines: undefined, problems: [] };
  try {
    const doc = JSON.parse(json.stdout) as { error?: { code?: string } | null; artifacts?: { builderId?: string | null }[] };
    outcome.code = doc.error?.code ?? null;
    outcome.builderId = doc.artifacts?.[0]?.builderId ?? null;
  } catch {
    outcome.problems.push(`no JSON report (exit ${json.status}): ${json.stderr.trim().split('\n')[0] ?? ''}`);
  }
  if (c.expect === 'pass' && outcome.verdict === 'pass' && c.expected_stderr) {
    // The human output must match slsa-verifier's lines exactly.
    const text = await runCli(args, testdata, c.env);
    outcome.stderrLines = text.stderr.split('\n').filter((l) => l !== '');
    const expected = c.expected_stderr;
    if (outcome.stderrLines.length !== expected.length || outcome.stderrLines.some((l, i) => !stderrLineMatches(l, expected[i]!))) {
      outcome.problems.push(`stderr ${JSON.stringify(outcome.stderrLines)} != ${JSON.stringify(c.expected_stderr)}`);
    }
  }
  return outcome;
}

async function pool<T, R>(items: T[], size: number, work: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: size }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await work(items[i]!);
    }
  }));
  return out;
}

async function main(argv: string[]): Promise<number> {
  const dirArg = argv.find((a) => !a.startsWith('--'));
  if (!dirArg) {
    process.stderr.write('usage: npm run corpus -- DIR [--all | --mutants]\n');
    return 2;
  }
  const dir = resolve(dirArg);
  if (argv.includes('--mutants')) return (await import('./corpus-mutants.js')).runCorpusMutants(dir);
  const includeAll = argv.includes('--all');
  const cases = loadCases(dir).filter((c) => SUPPORTED_COMMANDS.has(c.command) && (includeAll || c.cli_equivalent || isLocalLayoutCase(c)));
  const started = Date.now();
  const outcomes = await pool(cases, availableParallelism(), (c) => runCase(c, join(dir, 'testdata')));

  let verdictAgree = 0;
  let codeAgree = 0;
  let failed = 0;
  for (const o of outcomes) {
    const expectedCodes = o.c.expect === 'fail' ? [o.c.error, ...o.c.error_also].filter(Boolean) : [null];
    const verdictOk = o.verdict === o.c.expect;
    const codeOk = expectedCodes.includes(o.code);
    if (verdictOk) verdictAgree++;
    if (verdictOk && codeOk) codeAgree++;
    if (o.c.expect === 'pass' && verdictOk && o.c.expected_builder_id && o.builderId !== o.c.expected_builder_id) {
      o.problems.push(`builder ${o.builderId} != ${o.c.expected_builder_id}`);
    }
    if (!verdictOk || !codeOk || o.problems.length > 0) {
      failed++;
      process.stdout.write(
        `DISAGREE ${o.c.id}: verdict ${o.verdict} (expected ${o.c.expect}), code ${o.code ?? '-'} (expected ${expectedCodes.join('|') || '-'})` +
          (o.problems.length ? `; ${o.problems.join('; ')}` : '') + '\n',
      );
    }
  }
  const total = outcomes.length;
  const codeRate = total ? codeAgree / total : 1;
  process.stdout.write(
    `\ncorpus: ${total} cases (${[...SUPPORTED_COMMANDS].join(', ')}${includeAll ? ', all' : ', cli_equivalent'}) in ${((Date.now() - started) / 1000).toFixed(1)} s\n` +
      `verdict agreement ${verdictAgree}/${total}; error-code agreement ${codeAgree}/${total} (${(codeRate * 100).toFixed(1)}%)\n` +
      `${total - failed} passed, ${failed} failed\n`,
  );
  return verdictAgree === total && codeRate >= CODE_AGREEMENT_GOAL ? 0 : 1;
}

process.exitCode = await main(process.argv.slice(2));
