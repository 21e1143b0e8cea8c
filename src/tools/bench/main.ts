import { createHash, randomBytes } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildFixtures } from '../fixtures/generate.js';
import { benchInProcess, type InProcessFigures } from './in-process.js';
import { benchLockfile, type LockfileFigures } from './lockfile.js';
import { benchLockfileFetch } from './lockfile-fetch.js';
import { describeMachine, opensslSha256GBps, paired, peakRssMb, timeOnce, timeSequence, type Command, type Machine, type PairedTiming } from './measure.js';

/**
 * `npm run bench [-- --json] [-- --only=name,...]`: wall-time ratios of
 * slsa-verify against a baseline measured in the same run, interleaved, as
 * medians, so that they mean something on a loaded machine too. Goals are
 * printed, never asserted: timing belongs here, not in tests. With --json the
 * figures go to stdout (or --json=FILE) as one JSON document and the progress to stderr.
 */
const BIN = fileURLToPath(new URL('../../../bin/slsa-verify', import.meta.url));
const SOURCE = 'github.com/slsa-verify-fixtures/hello';
const MiB = 1024 * 1024;
const GiB = 1024 * MiB;
const SECTIONS = ['big', 'small', 'version', 'inprocess', 'many', 'huge', 'lockfile'] as const;
type Section = (typeof SECTIONS)[number];

interface Goal {
  max: number;
  met: boolean;
}

interface Figure extends Partial<PairedTiming> {
  name: string;
  baseline?: string;
  goal?: Goal;
  /** With the machine busy (load average above the core count), the goal allowed then. */
  busyGoal?: Goal;
  peakRssMb?: number | null;
  rssGoal?: Goal;
  note?: string;
}

interface Report {
  machine: Machine;
  busy: boolean;
  cpuSha256GBps: number | null;
  figures: Figure[];
  inProcess?: InProcessFigures;
  lockfile?: LockfileFigures;
}

const jsonArg = process.argv.find((a) => a === '--json' || a.startsWith('--json='));
const json = jsonArg !== undefined;
/** `--json=FILE` writes the figures there; `--json` alone to stdout (`npm run -s bench -- --json` keeps npm's banner out). */
const jsonFile = jsonArg?.startsWith('--json=') ? jsonArg.slice('--json='.length) : undefined;
const only = new Set(process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length).split(',') ?? SECTIONS);
const log = (line: string): void => void (json ? process.stderr : process.stdout).write(`${line}\n`);

/**
 * Pseudo-random content, each 1 MiB block different (a fresh random block
 * every 64 MiB, a counter stamped into every block), so nothing downstream
 * can shortcut, without spending the bench's time in randomBytes.
 */
function writeLargeFile(path: string, bytes: number, seed: number): string {
  const fd = openSync(path, 'w');
  const hash = createHash('sha256');
  let block = randomBytes(MiB);
  try {
    for (let i = 0; i * MiB < bytes; i++) {
      if (i % 64 === 0) block = randomBytes(MiB);
      block.writeUInt32BE(i, 0);
      block.writeUInt32BE(seed, 4);
      writeSync(fd, block);
      hash.update(block);
    }
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}

function provenanceFor(dir: string, subjects: { name: string; sha256: string }[]): { provenance: string; root: string } {
  const { lines, trustedRoot } = buildFixtures([
    {
      file: 'bench.intoto.jsonl',
      description: 'bench provenance',
      lines: [{ id: 'bench', subjects: subjects.map((s) => ({ name: s.name, digest: { sha256: s.sha256 } })) }],
    },
  ]);
  const line = lines.find((l) => l.file === 'bench.intoto.jsonl');
  if (!line) throw new Error('bench provenance was not generated');
  const provenance = join(dir, 'bench.intoto.jsonl');
  const root = join(dir, 'trusted_root.json');
  writeFileSync(provenance, `${line.json}\n`);
  writeFileSync(root, JSON.stringify(trustedRoot));
  return { provenance, root };
}

function goal(value: number | null | undefined, max: number): Goal | undefined {
  return value === null || value === undefined ? undefined : { max, met: value <= max };
}

function show(f: Figure): void {
  const parts = [f.name + ':'];
  if (f.oursMs !== undefined) parts.push(`slsa-verify ${f.oursMs.toFixed(0)} ms, ${f.baseline} ${f.baselineMs?.toFixed(0)} ms, ratio ${f.ratio?.toFixed(2)}`);
  const verdict = (g: Goal): string => `<= ${g.max}: ${g.met ? 'met' : 'NOT met'}`;
  if (f.goal) parts.push(`(goal ${verdict(f.goal)}${f.busyGoal ? `; busy-machine goal ${verdict(f.busyGoal)}` : ''})`);
  if (f.peakRssMb !== undefined) parts.push(`peak RSS ${f.peakRssMb === null ? 'n/a' : `${f.peakRssMb.toFixed(0)} MB`}${f.rssGoal ? ` (goal ${verdict(f.rssGoal)})` : ''}`);
  if (f.note) parts.push(`— ${f.note}`);
  log(parts.join(' '));
}

async function main(): Promise<void> {
  const nproc = availableParallelism();
  const report: Report = { machine: describeMachine(nproc), busy: false, cpuSha256GBps: null, figures: [] };
  const startLoad = loadavg()[0] ?? 0;
  log(`machine: ${nproc} cores, ${report.machine.cpuModel}, Node ${report.machine.node}, ${report.machine.openssl}, load average ${startLoad.toFixed(1)}`);
  const dir = mkdtempSync(join(tmpdir(), 'slsa-verify-bench-'));
  const add = (f: Figure): void => {
    report.figures.push(f);
    show(f);
  };
  try {
    const needBig = only.has('big');
    const needMany = only.has('many');
    const needHuge = only.has('huge');
    log('generating artifacts...');
    const subjects: { name: string; sha256: string }[] = [];
    const big = join(dir, 'big.bin');
    if (needBig) subjects.push({ name: 'big.bin', sha256: writeLargeFile(big, GiB, 1) });
    const many = Array.from({ length: 8 }, (_, i) => join(dir, `part-${i}.bin`));
    if (needMany) many.forEach((p, i) => subjects.push({ name: `part-${i}.bin`, sha256: writeLargeFile(p, 256 * MiB, 10 + i) }));
    const huge = join(dir, 'huge.bin');
    if (needHuge) subjects.push({ name: 'huge.bin', sha256: writeLargeFile(huge, 4 * GiB, 2) });
    const small = join(dir, 'small.txt');
    writeFileSync(small, 'hello, bench\n');
    subjects.push({ name: 'small.txt', sha256: createHash('sha256').update('hello, bench\n').digest('hex') });
    const { provenance, root } = provenanceFor(dir, subjects);
    const verify = (...artifacts: string[]): Command => [process.execPath, BIN, 'verify-artifact', ...artifacts, '--provenance-path', provenance, '--source-uri', SOURCE, '--trusted-root', root];
    const openssl = (path: string): Command => ['openssl', 'dgst', '-sha256', path];
    const bare: Command = [process.execPath, '-e', '0'];

    // Warm the page cache and the compile cache, so both sides read from memory.
    for (const path of [...(needBig ? [big] : []), ...(needMany ? many : []), ...(needHuge ? [huge] : [])]) timeOnce(openssl(path));
    timeOnce(verify(small));
    timeOnce(verify(small));

    report.cpuSha256GBps = opensslSha256GBps();
    if (report.cpuSha256GBps !== null) log(`CPU SHA-256 (openssl speed -evp sha256, 16 KiB blocks): ${report.cpuSha256GBps.toFixed(2)} GB/s`);
    report.busy = Math.max(startLoad, loadavg()[0] ?? 0) > nproc;

    if (needBig) {
      const t = paired(() => timeOnce(verify(big)), () => timeOnce(openssl(big)), 5);
      const pureHashMs = report.cpuSha256GBps ? (GiB / (report.cpuSha256GBps * 1e9)) * 1000 : undefined;
      add({
        name: '1 GiB artifact', baseline: 'openssl dgst -sha256', ...t,
        goal: goal(t.ratio, 0.9), busyGoal: goal(t.ratio, 1.0),
        peakRssMb: peakRssMb(verify(big)),
        ...(pureHashMs ? { note: `pure SHA-256 of 1 GiB at the CPU's speed: ${pureHashMs.toFixed(0)} ms; slsa-verify end to end ${(t.oursMs / pureHashMs).toFixed(2)}x that` } : {}),
      });
    }
    if (only.has('small')) {
      const t = paired(() => timeOnce(verify(small)), () => timeOnce(bare), 21);
      add({ name: 'small artifact', baseline: 'node -e 0', ...t, goal: goal(t.ratio, 2.5), peakRssMb: peakRssMb(verify(small)) });
    }
    if (only.has('version')) {
      const t = paired(() => timeOnce([process.execPath, BIN, '--version']), () => timeOnce(bare), 21);
      add({ name: '--version', baseline: 'node -e 0', ...t, goal: goal(t.ratio, 1.3) });
    }
    if (only.has('inprocess')) report.inProcess = await benchInProcess(small, provenance, root, log);
    if (needMany) {
      const t = paired(() => timeOnce(verify(...many)), () => timeSequence(many.map(openssl)), 5);
      const rss = peakRssMb(verify(...many));
      add({ name: '8 x 256 MiB in one call', baseline: '8 sequential openssl dgst', ...t, goal: goal(t.ratio, 0.55), peakRssMb: rss, rssGoal: goal(rss, 120) });
    }
    if (needHuge) {
      const t = paired(() => timeOnce(verify(huge)), () => timeOnce(openssl(huge)), 3);
      const rss = peakRssMb(verify(huge));
      add({ name: '4 GiB artifact', baseline: 'openssl dgst -sha256', ...t, peakRssMb: rss, rssGoal: goal(rss, 120) });
    }
    rmSync(dir, { recursive: true, force: true });
    if (only.has('lockfile')) {
      report.lockfile = benchLockfile(log);
      await benchLockfileFetch(log);
    }
    report.machine.loadAverage = [startLoad, loadavg()[0] ?? 0];
    report.busy ||= (loadavg()[0] ?? 0) > nproc;
    log(`load average ${startLoad.toFixed(1)} at the start, ${(loadavg()[0] ?? 0).toFixed(1)} at the end: the machine was ${report.busy ? 'busy (the busy-machine goals apply)' : 'idle enough for the idle goals'}`);
    if (jsonFile !== undefined) writeFileSync(jsonFile, `${JSON.stringify(report, null, 2)}\n`);
    else if (json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
