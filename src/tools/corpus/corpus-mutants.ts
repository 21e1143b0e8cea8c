import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCases, type CorpusCase } from './cases.js';
import { UNAUTHENTICATED_HINTS } from './mutation-hints.js';
import { runMutationCases, summaryLine, type EvidenceCase } from './mutation-test.js';

/**
 * `npm run corpus -- DIR --mutants`: the mutation test over the corpus. One
 * passing case per evidence file (Sigstore bundles, npm attestation sets, the
 * VSA) is run in this process with each mutant of its evidence; every mutant
 * must fail with exit 1 and a clean message. More positions per value than
 * `npm test` uses, since here time is not the constraint.
 */
const EVIDENCE_FLAGS: Readonly<Record<string, string>> = {
  'verify-artifact': '--provenance-path',
  'verify-github-attestation': '--attestation-path',
  'verify-npm-package': '--attestations-path',
  'verify-vsa': '--attestation-path',
};
const POSITIONS = 8;

export function corpusEvidenceCases(cases: readonly CorpusCase[]): EvidenceCase[] {
  const byFile = new Map<string, EvidenceCase>();
  for (const c of cases) {
    const flag = EVIDENCE_FLAGS[c.command];
    if (c.expect !== 'pass' || !c.cli_equivalent || !flag) continue;
    const file = c.args[c.args.indexOf(flag) + 1];
    if (!c.args.includes(flag) || file === undefined || byFile.has(file)) continue;
    byFile.set(file, { id: `${c.id} (${file})`, args: c.args, evidenceFlag: flag, env: c.env });
  }
  return [...byFile.values()];
}

export async function runCorpusMutants(dir: string): Promise<number> {
  const cases = corpusEvidenceCases(loadCases(dir));
  const scratchDir = mkdtempSync(join(tmpdir(), 'slsa-verify-mutants-'));
  const started = Date.now();
  // Case paths are relative to testdata/, as for the spawned CLI.
  const cwd = process.cwd();
  process.chdir(join(dir, 'testdata'));
  try {
    let done = 0;
    const s = await runMutationCases(cases, {
      positions: POSITIONS, structural: true, hints: UNAUTHENTICATED_HINTS, scratchDir,
      onCase: (id, mutants) => process.stderr.write(`[${++done}/${cases.length}] ${id}: ${mutants} mutants\n`),
    });
    for (const b of s.brokenBaselines) process.stdout.write(`BASELINE ${b}\n`);
    for (const a of s.accepted) process.stdout.write(`ACCEPTED ${a.caseId}: ${a.path} (${a.kind}, ${a.detail})\n`);
    for (const a of s.badFailures) process.stdout.write(`UNCLEAN ${a.caseId}: ${a.path} (${a.kind}, ${a.detail}): ${a.problem}\n`);
    process.stdout.write(`\n${summaryLine(s)} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    return s.accepted.length + s.badFailures.length + s.brokenBaselines.length === 0 ? 0 : 1;
  } finally {
    process.chdir(cwd);
    rmSync(scratchDir, { recursive: true, force: true });
  }
}
