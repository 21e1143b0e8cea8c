import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCliInProcess, type CliRun } from './in-process-cli.js';
import { mutantsOf, type Mutant, type MutationKind, type MutationOptions } from './mutants.js';

/**
 * The mutation test over real signed evidence: a command that passes is run
 * again once per mutant of its evidence file (src/tools/corpus/mutants.ts),
 * in this process through the CLI's own entry point, and every mutant must
 * fail with exit 1, saying in the tool's words what is wrong (no stack trace,
 * no "internal error", no JavaScript runtime message). A mutant may pass
 * only where a listed hint rule allows it, with the reason it is not
 * authenticated.
 */

export interface EvidenceCase {
  id: string;
  /** CLI arguments of a run that passes; `--format json` is added. */
  args: string[];
  /** The flag whose value is the evidence file to mutate (e.g. `--provenance-path`). */
  evidenceFlag: string;
  /** Environment variables set for the runs of this case. */
  env?: Readonly<Record<string, string>>;
  /** Overrides the run's mutation options for this case (e.g. fewer positions for a second bundle of a format already covered). */
  mutation?: Partial<MutationOptions>;
}

export interface HintRule {
  /** Matches the mutant's path (with the `line N.` prefix of JSON Lines removed). */
  path: RegExp;
  /** Only these kinds of mutation (default: any). */
  kinds?: readonly MutationKind[];
  /** Only mutants for which this holds (default: any). */
  when?: (mutant: Mutant) => boolean;
  reason: string;
}

export interface MutantProblem {
  caseId: string;
  path: string;
  kind: MutationKind;
  detail: string;
  problem: string;
}

export interface MutationSummary {
  cases: number;
  mutants: number;
  failedAsRequired: number;
  /** Mutants that passed where a hint rule allows it. */
  hints: number;
  /** Leaf paths mutated at least once, per case id. */
  paths: Map<string, Set<string>>;
  /** Accepted mutants no rule allows: false accepts. */
  accepted: MutantProblem[];
  /** Mutants that failed the wrong way (exit code, stack trace, internal error). */
  badFailures: MutantProblem[];
  /** Cases whose unmutated evidence did not pass. */
  brokenBaselines: string[];
  /** Error code of each failing mutant, counted. */
  codes: Map<string, number>;
}

const INTERNAL_TEXT = [
  /\n\s+at [^\n]*:\d+:\d+/, // a stack frame
  /internal error/i,
  /Cannot read propert/, /is not a function/, /is not iterable/, /is not defined/, /of undefined/, /of null/,
  /Unexpected token/, /Maximum call stack/, /Invalid (?:array|string) length/,
];

/** Why a failing run's output is not a clean failure, or undefined when it is. */
export function uncleanFailure(run: CliRun): string | undefined {
  if (run.status !== 1) return `exit ${run.status}`;
  const text = `${run.stdout}\n${run.stderr}`;
  const internal = INTERNAL_TEXT.find((p) => p.test(text));
  if (internal) return `output matches ${internal}: ${firstLineMatching(text, internal)}`;
  return undefined;
}

function firstLineMatching(text: string, pattern: RegExp): string {
  return text.split('\n').find((l) => pattern.test(l))?.trim().slice(0, 200) ?? '';
}

function errorCode(run: CliRun): string {
  try {
    const doc = JSON.parse(run.stdout) as { error?: { code?: string } | null };
    return doc.error?.code ?? '-';
  } catch {
    return '-';
  }
}

interface EvidenceFile {
  lines: unknown[];
  jsonLines: boolean;
}

function readEvidence(path: string): EvidenceFile {
  const text = readFileSync(path, 'utf8');
  try {
    return { lines: [JSON.parse(text)], jsonLines: false };
  } catch {
    return { lines: text.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as unknown), jsonLines: true };
  }
}

function serialize(file: EvidenceFile): string {
  return file.jsonLines ? file.lines.map((l) => `${JSON.stringify(l)}\n`).join('') : JSON.stringify(file.lines[0]);
}

function* fileMutants(file: EvidenceFile, options: MutationOptions): Generator<{ mutant: Mutant; text: string; hintPath: string }> {
  for (const [index, line] of file.lines.entries()) {
    for (const mutant of mutantsOf(line, options)) {
      const lines = [...file.lines];
      lines[index] = mutant.document;
      const prefix = file.lines.length > 1 ? `line ${index + 1}.` : '';
      yield { mutant: { ...mutant, path: prefix + mutant.path }, text: serialize({ ...file, lines }), hintPath: mutant.path };
    }
  }
}

function allowedBy(hints: readonly HintRule[], mutant: Mutant, hintPath: string): HintRule | undefined {
  return hints.find((h) => h.path.test(hintPath) && (!h.kinds || h.kinds.includes(mutant.kind)) && (!h.when || h.when(mutant)));
}

export interface RunOptions extends MutationOptions {
  hints: readonly HintRule[];
  /** Where each mutant is written before the run that reads it. */
  scratchDir: string;
  onCase?: (id: string, mutants: number) => void;
}

export async function runMutationCases(
  cases: readonly EvidenceCase[],
  options: RunOptions,
): Promise<MutationSummary> {
  const summary: MutationSummary = {
    cases: 0, mutants: 0, failedAsRequired: 0, hints: 0, paths: new Map(),
    accepted: [], badFailures: [], brokenBaselines: [], codes: new Map(),
  };
  for (const [caseIndex, c] of cases.entries()) {
    const restore = withEnv(c.env ?? {});
    try {
      await runCase(c, caseIndex, options, summary);
    } finally {
      restore();
    }
  }
  return summary;
}

function withEnv(env: Readonly<Record<string, string>>): () => void {
  const saved = new Map(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  return () => {
    for (const [k, v] of saved) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
}

async function runCase(
  c: EvidenceCase,
  caseIndex: number,
  options: RunOptions,
  summary: MutationSummary,
): Promise<void> {
  const flag = c.args.indexOf(c.evidenceFlag);
  const evidencePath = c.args[flag + 1];
  if (flag < 0 || evidencePath === undefined) throw new Error(`${c.id}: no ${c.evidenceFlag} argument`);
  const args = [...c.args, '--format', 'json'];
  const baseline = await runCliInProcess(args);
  if (baseline.status !== 0) {
    summary.brokenBaselines.push(`${c.id}: exit ${baseline.status} ${errorCode(baseline)}`);
    return;
  }
  summary.cases++;
  const scratch = join(options.scratchDir, `mutant-${caseIndex}.json`);
  const mutantArgs = [...args];
  mutantArgs[flag + 1] = scratch;
  const paths = new Set<string>();
  summary.paths.set(c.id, paths);
  let count = 0;
  for (const { mutant, text, hintPath } of fileMutants(readEvidence(evidencePath), { ...options, ...c.mutation })) {
    count++;
    paths.add(mutant.path);
    writeFileSync(scratch, text);
    const run = await runCliInProcess(mutantArgs);
    const problem = { caseId: c.id, path: mutant.path, kind: mutant.kind, detail: mutant.detail };
    if (run.status === 0) {
      if (allowedBy(options.hints, mutant, hintPath)) summary.hints++;
      else summary.accepted.push({ ...problem, problem: 'accepted' });
      continue;
    }
    const unclean = uncleanFailure(run);
    if (unclean) {
      summary.badFailures.push({ ...problem, problem: `${unclean} (${errorCode(run)})` });
      continue;
    }
    summary.failedAsRequired++;
    const code = errorCode(run);
    summary.codes.set(code, (summary.codes.get(code) ?? 0) + 1);
  }
  summary.mutants += count;
  options.onCase?.(c.id, count);
}

/** The runner's one summary line. */
export function summaryLine(s: MutationSummary): string {
  return `mutants: ${s.failedAsRequired} failed as required, ${s.accepted.length} accepted, ${s.badFailures.length} failed uncleanly, ${s.hints} documented hints (${s.mutants} mutants of ${s.cases} passing evidence files)`;
}
