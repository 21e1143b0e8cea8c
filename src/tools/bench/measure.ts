import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

/** One command line: argv[0] is the program. */
export type Command = readonly string[];

export interface PairedTiming {
  /** Median wall time of the tool, milliseconds. */
  oursMs: number;
  /** Median wall time of the baseline, milliseconds. */
  baselineMs: number;
  /** Median of the per-pair ratios: each pair ran back to back, so both saw the same load. */
  ratio: number;
  pairs: number;
}

/** Wall milliseconds of one run; a non-zero exit is a broken bench, never a figure. */
export function timeOnce(command: Command): number {
  const started = process.hrtime.bigint();
  const run = spawnSync(command[0]!, command.slice(1), { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
  if (run.status !== 0) {
    throw new Error(`${command.join(' ')} exited ${run.status ?? run.signal}: ${run.stderr.toString().trim().split('\n').slice(-3).join(' | ')}`);
  }
  return elapsed;
}

/** Several commands run one after another count as one (e.g. eight sequential `openssl dgst`). */
export function timeSequence(commands: readonly Command[]): number {
  return commands.reduce((sum, c) => sum + timeOnce(c), 0);
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Tool and baseline interleaved, alternating which goes first, so drift in the
 * machine's load hits both sides alike; the ratio is the median of pairs.
 */
export function paired(ours: () => number, baseline: () => number, pairs: number): PairedTiming {
  const o: number[] = [];
  const b: number[] = [];
  const ratios: number[] = [];
  for (let i = 0; i < pairs; i++) {
    let ourMs: number;
    let baseMs: number;
    if (i % 2 === 0) {
      baseMs = baseline();
      ourMs = ours();
    } else {
      ourMs = ours();
      baseMs = baseline();
    }
    o.push(ourMs);
    b.push(baseMs);
    ratios.push(ourMs / baseMs);
  }
  return { oursMs: median(o), baselineMs: median(b), ratio: median(ratios), pairs };
}

/**
 * Peak resident set size of a command in MB (10^6 bytes), from GNU time when the
 * machine has it (exact: the kernel's maximum), else by sampling /proc while it runs.
 */
export function peakRssMb(command: Command): number | null {
  if (existsSync('/usr/bin/time')) {
    const run = spawnSync('/usr/bin/time', ['-f', '%M', ...command], { stdio: ['ignore', 'ignore', 'pipe'] });
    if (run.status !== 0) throw new Error(`${command.join(' ')} exited ${run.status}: ${run.stderr.toString().trim().split('\n').slice(-3).join(' | ')}`);
    const kb = Number(run.stderr.toString().trim().split('\n').pop());
    return Number.isFinite(kb) ? (kb * 1024) / 1e6 : null;
  }
  return null;
}

export interface Machine {
  nproc: number;
  cpuModel: string;
  node: string;
  openssl: string;
  loadAverage: number[];
}

export function describeMachine(nproc: number): Machine {
  let cpuModel = 'unknown';
  try {
    cpuModel = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.trim() ?? cpuModel;
  } catch {
    // Not Linux: the model stays unknown.
  }
  const openssl = spawnSync('openssl', ['version'], { encoding: 'utf8' }).stdout?.trim() ?? 'unknown';
  return { nproc, cpuModel, node: process.version, openssl, loadAverage: [] };
}

/** `openssl speed -evp sha256` on 16 KiB blocks: the CPU's SHA-256 throughput in GB/s (10^9 bytes). */
export function opensslSha256GBps(): number | null {
  const run = spawnSync('openssl', ['speed', '-evp', 'sha256', '-bytes', '16384', '-seconds', '2'], { encoding: 'utf8' });
  // The result line reads "sha256  <k bytes per second>k" (thousands of bytes per second).
  const match = /^sha256\s+([\d.]+)k\s*$/m.exec(run.stdout ?? '');
  return match ? (Number(match[1]) * 1000) / 1e9 : null;
}
