import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildFixtures } from '../fixtures/generate.js';
import { benchLockfile } from './lockfile.js';
import { benchLockfileFetch } from './lockfile-fetch.js';

/**
 * `npm run bench`: wall-time ratios, measured in one run on this machine.
 *  - verify-artifact on a 1 GiB artifact vs `openssl dgst -sha256` on the same file (goal <= 1.10);
 *  - verify-artifact on a small artifact vs a bare `node -e ''` start (goal <= 2.5).
 * Goals are printed, never asserted: timing belongs here, not in tests.
 */
const BIN = fileURLToPath(new URL('../../../bin/slsa-verify', import.meta.url));
const REPEATS = 5;
const SOURCE = 'github.com/slsa-verify-fixtures/hello';

function writeLargeFile(path: string, bytes: number): string {
  // Random 1 MiB blocks, each different, so nothing downstream can shortcut.
  const fd = openSync(path, 'w');
  const hash = createHash('sha256');
  for (let written = 0; written < bytes; written += 1 << 20) {
    const block = randomBytes(1 << 20);
    writeSync(fd, block);
    hash.update(block);
  }
  closeSync(fd);
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

/** Best of N wall-clock milliseconds: the least-disturbed run is the fairest comparison. */
function bestOf(command: string, args: string[], expectStatus = 0): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < REPEATS; i++) {
    const started = process.hrtime.bigint();
    const run = spawnSync(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
    if (run.status !== expectStatus) {
      throw new Error(`${command} ${args.join(' ')} exited ${run.status}: ${run.stderr.toString().trim()}`);
    }
    best = Math.min(best, elapsed);
  }
  return best;
}

function report(label: string, ours: number, reference: number, refName: string, goal: number): void {
  const ratio = ours / reference;
  process.stdout.write(
    `${label}: slsa-verify ${ours.toFixed(0)} ms, ${refName} ${reference.toFixed(0)} ms, ratio ${ratio.toFixed(2)} (goal <= ${goal}: ${ratio <= goal ? 'met' : 'NOT met'})\n`,
  );
}

function main(): void {
  const dir = mkdtempSync(join(tmpdir(), 'slsa-verify-bench-'));
  try {
    const big = join(dir, 'big.bin');
    const small = join(dir, 'small.txt');
    process.stdout.write('generating a 1 GiB artifact...\n');
    const bigDigest = writeLargeFile(big, 1 << 30);
    writeFileSync(small, 'hello, bench\n');
    const smallDigest = createHash('sha256').update('hello, bench\n').digest('hex');
    const { provenance, root } = provenanceFor(dir, [
      { name: 'big.bin', sha256: bigDigest },
      { name: 'small.txt', sha256: smallDigest },
    ]);
    const verify = (artifact: string) => [BIN, 'verify-artifact', artifact, '--provenance-path', provenance, '--source-uri', SOURCE, '--trusted-root', root];

    // Warm the page cache and the compile cache once, so both sides read from memory.
    bestOf('openssl', ['dgst', '-sha256', big]);
    bestOf(process.execPath, verify(small));

    const openssl = bestOf('openssl', ['dgst', '-sha256', big]);
    const oursBig = bestOf(process.execPath, verify(big));
    report('1 GiB artifact', oursBig, openssl, 'openssl dgst -sha256', 1.1);

    const bare = bestOf(process.execPath, ['-e', '']);
    const oursSmall = bestOf(process.execPath, verify(small));
    report('small artifact', oursSmall, bare, "node -e ''", 2.5);

    benchLockfile();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
await benchLockfileFetch();
