import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildNpmTree } from '../fixtures/npm-tree.js';

/**
 * verify-lockfile over generated npm trees of 100 and 500 signed packages
 * (goal: 500 in under 5 s); the per-package cost at both sizes shows whether
 * it scales linearly. Printed, never asserted.
 */
const BIN = fileURLToPath(new URL('../../../bin/slsa-verify', import.meta.url));
const REPEATS = 3;
const GOAL_MS = 5000;
const POLICY = 'version: 1\nbuilders: [https://github.com/actions/runner/github-hosted]\nsourceRepositories: [github.com/slsa-verify-fixtures/hello-npm]\n';

function writeTree(dir: string, count: number): { args: string[]; generateMs: number } {
  const started = process.hrtime.bigint();
  const tree = buildNpmTree(Array.from({ length: count }, (_, i) => ({ name: i % 4 === 0 ? `@bench/pkg-${i}` : `bench-pkg-${i}`, version: `1.0.${i}` })));
  const generateMs = Number(process.hrtime.bigint() - started) / 1e6;
  const tarballs = join(dir, 'tarballs');
  mkdirSync(tarballs, { recursive: true });
  for (const p of tree.packages) {
    writeFileSync(join(tarballs, p.tarballName), p.tarball);
    writeFileSync(join(tarballs, `${p.tarballName}.attestations.json`), JSON.stringify(p.attestations));
  }
  const files = { lock: join(dir, 'package-lock.json'), policy: join(dir, 'policy.yaml'), root: join(dir, 'trusted_root.json'), keys: join(dir, 'keys.json') };
  writeFileSync(files.lock, JSON.stringify(tree.lockfile));
  writeFileSync(files.policy, POLICY);
  writeFileSync(files.root, JSON.stringify(tree.trustedRoot));
  writeFileSync(files.keys, JSON.stringify(tree.registryKeys));
  return {
    args: [BIN, 'verify-lockfile', files.lock, '--artifacts', tarballs, '--policy', files.policy, '--trusted-root', files.root, '--npm-registry-keys', files.keys],
    generateMs,
  };
}

function bestOf(args: string[]): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < REPEATS; i++) {
    const started = process.hrtime.bigint();
    const run = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
    if (run.status !== 0) throw new Error(`verify-lockfile exited ${run.status}: ${run.stderr.toString().trim().split('\n').slice(-3).join(' | ')}`);
    best = Math.min(best, elapsed);
  }
  return best;
}

export interface LockfileFigures {
  /** Best wall milliseconds per tree size (package count). */
  ms: Record<string, number>;
  marginalMsPerPackage: number;
  goal: { maxMs: number; met: boolean };
}

export function benchLockfile(log: (line: string) => void = (line) => void process.stdout.write(`${line}\n`)): LockfileFigures {
  const dir = mkdtempSync(join(tmpdir(), 'slsa-verify-bench-lock-'));
  try {
    const times = new Map<number, number>();
    for (const count of [100, 500]) {
      const { args, generateMs } = writeTree(join(dir, String(count)), count);
      const ms = bestOf(args);
      times.set(count, ms);
      log(`verify-lockfile ${count} packages: ${ms.toFixed(0)} ms, ${(ms / count).toFixed(1)} ms/package (generated in ${generateMs.toFixed(0)} ms)`);
    }
    const big = times.get(500) ?? Number.POSITIVE_INFINITY;
    const marginal = (big - (times.get(100) ?? 0)) / 400;
    log(`verify-lockfile: ${marginal.toFixed(1)} ms per added package from 100 to 500; 500 packages ${big.toFixed(0)} ms (goal < ${GOAL_MS}: ${big < GOAL_MS ? 'met' : 'NOT met'})`);
    return { ms: Object.fromEntries([...times].map(([k, v]) => [String(k), v])), marginalMsPerPackage: marginal, goal: { maxMs: GOAL_MS, met: big < GOAL_MS } };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// `node dist/tools/bench/lockfile.js` runs this part alone.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) benchLockfile();
