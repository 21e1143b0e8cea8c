import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildNpmTree } from '../fixtures/npm-tree.js';
import { startNpmRegistry } from '../stand-ins/npm-registry.js';

/**
 * verify-lockfile without --artifacts over generated npm trees of 100 and
 * 500 packages: everything fetched from a stand-in registry on 127.0.0.1
 * (goal: 500 in under 10 s), then from --evidence-dir with --offline (goal:
 * under 3 s). The registry runs in this process, so the CLI is spawned
 * without blocking it. Printed, never asserted.
 */
const BIN = fileURLToPath(new URL('../../../bin/slsa-verify', import.meta.url));
const POLICY = 'version: 1\nbuilders: [https://github.com/actions/runner/github-hosted]\nsourceRepositories: [github.com/slsa-verify-fixtures/hello-npm]\n';
const GOALS = { online: 10_000, offline: 3_000 };

function run(args: string[], home: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'ignore', 'pipe'], env: { PATH: process.env.PATH ?? '', HOME: home } });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (status) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (status !== 0) reject(new Error(`verify-lockfile exited ${status}: ${stderr.trim().split('\n').slice(-3).join(' | ')}`));
      else resolve(ms);
    });
  });
}

export async function benchLockfileFetch(log: (line: string) => void = (line) => void process.stdout.write(`${line}\n`)): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'slsa-verify-bench-fetch-'));
  try {
    const results = new Map<number, { online: number; offline: number }>();
    for (const count of [100, 500]) {
      const tree = buildNpmTree(Array.from({ length: count }, (_, i) => ({ name: i % 4 === 0 ? `@bench/pkg-${i}` : `bench-pkg-${i}`, version: `1.0.${i}` })));
      const registry = await startNpmRegistry({ packages: tree.packages, registryKeys: tree.registryKeys });
      try {
        const here = join(dir, String(count));
        mkdirSync(here, { recursive: true });
        const files = { lock: join(here, 'package-lock.json'), policy: join(here, 'policy.yaml'), root: join(here, 'trusted_root.json'), keys: join(here, 'keys.json') };
        writeFileSync(files.lock, JSON.stringify(tree.lockfile));
        writeFileSync(files.policy, POLICY);
        writeFileSync(files.root, JSON.stringify(tree.trustedRoot));
        writeFileSync(files.keys, JSON.stringify(tree.registryKeys));
        writeFileSync(join(here, '.npmrc'), `registry=${registry.url}\n`);
        const common = ['verify-lockfile', files.lock, '--policy', files.policy, '--trusted-root', files.root, '--npm-registry-keys', files.keys, '--quiet'];
        let online = Number.POSITIVE_INFINITY;
        for (let i = 0; i < 2; i++) online = Math.min(online, await run(common, here));
        await run([...common, '--evidence-dir', join(here, 'evidence')], here);
        let offline = Number.POSITIVE_INFINITY;
        for (let i = 0; i < 2; i++) offline = Math.min(offline, await run([...common, '--evidence-dir', join(here, 'evidence'), '--offline'], here));
        results.set(count, { online, offline });
        log(`verify-lockfile from the registry, ${count} packages: ${online.toFixed(0)} ms fetched (${registry.requests.length} requests in all runs), ${offline.toFixed(0)} ms from --evidence-dir --offline`);
      } finally {
        await registry.close();
      }
    }
    const small = results.get(100)!;
    const big = results.get(500)!;
    log(`verify-lockfile from the registry: ${((big.online - small.online) / 400).toFixed(1)} ms (fetched) and ${((big.offline - small.offline) / 400).toFixed(1)} ms (offline) per added package from 100 to 500; ` +
        `500 packages ${big.online.toFixed(0)} ms fetched (goal < ${GOALS.online}: ${big.online < GOALS.online ? 'met' : 'NOT met'}), ${big.offline.toFixed(0)} ms offline (goal < ${GOALS.offline}: ${big.offline < GOALS.offline ? 'met' : 'NOT met'})`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// `node dist/tools/bench/lockfile-fetch.js` runs this part alone.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await benchLockfileFetch();
