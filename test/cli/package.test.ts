import { spawnSync } from 'node:child_process';
import { accessSync, constants, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import semver from 'semver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO } from './run-cli.js';

interface PackageJson {
  name: string;
  version: string;
  license: string;
  engines: { node: string };
  dependencies?: Record<string, string>;
  scripts: Record<string, string>;
}
interface Floor {
  NODE_FLOOR: string;
  nodeSupported(version: string): boolean;
}

const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as PackageJson;
const floor = (await import(pathToFileURL(join(REPO, 'bin', 'node-floor.mjs')).href)) as Floor;
const SYSTEM_PATH = ['/usr/local/bin', '/usr/bin', '/bin'];

function run(command: string, args: string[], path: string[], cwd = REPO): { status: number | null; stdout: string; stderr: string } {
  // A clean environment: not the npm_config_* variables of the `npm test` that runs this.
  const r = spawnSync(command, args, { cwd, env: { PATH: path.join(delimiter), HOME: process.env.HOME ?? '' }, encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A `node` on PATH older than the floor (this machine's system Node 20), outside node_modules: what a newcomer has. */
function olderNodeDir(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir === '' || dir.includes('node_modules') || dir === dirname(process.execPath)) continue;
    try {
      accessSync(join(dir, 'node'), constants.X_OK);
    } catch {
      continue;
    }
    const version = run(join(dir, 'node'), ['-p', 'process.versions.node'], SYSTEM_PATH).stdout.trim();
    if (semver.valid(version) && !floor.nodeSupported(version)) return dir;
  }
  return undefined;
}
const OLD_NODE = olderNodeDir();

describe('the npm package', () => {
  let dir: string;
  let files: string[];
  let tarball: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'slsa-verify-pack-'));
    // --ignore-scripts: prepack would rebuild dist/ under the other tests' feet; `npm test` built it already.
    const pack = run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], [dirname(process.execPath), ...SYSTEM_PATH]);
    expect(pack.status, pack.stderr).toBe(0);
    const [info] = JSON.parse(pack.stdout) as { filename: string; files: { path: string }[] }[];
    files = info!.files.map((f) => f.path);
    tarball = join(dir, info!.filename);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('holds only what runs: the launcher, the bundle and its licences, the library declarations and report schema, LICENSE, README', () => {
    for (const file of files) {
      expect(file).toMatch(/^(LICENSE|README\.md|package\.json|bin\/(slsa-verify|node-floor\.mjs)|dist\/bundle\/[\w-]+\.js|dist\/bundle\/cli\.code-cache|dist\/bundle\/THIRD-PARTY-LICENSES\.txt|dist\/bundle\/report\.schema\.json|dist\/bundle\/types\/[\w/-]+\.d\.ts)$/);
    }
    expect(files).toEqual(expect.arrayContaining(['LICENSE', 'bin/slsa-verify', 'dist/bundle/main.js', 'dist/bundle/hash-worker.js', 'dist/bundle/verify-worker.js', 'dist/bundle/THIRD-PARTY-LICENSES.txt']));
  });

  it('has a LICENSE matching package.json, no runtime dependencies and no script that runs on install', () => {
    expect(pkg.license).toBe('Apache-2.0');
    const license = readFileSync(join(REPO, 'LICENSE'), 'utf8');
    expect(license).toContain('Apache License');
    expect(license).toContain('Version 2.0, January 2004');
    expect(Object.keys(pkg.dependencies ?? {})).toEqual([]);
    for (const script of ['preinstall', 'install', 'postinstall', 'prepare']) expect(pkg.scripts[script], script).toBeUndefined();
  });

  it('states one Node floor: engines, the launcher, and every bundled package admits it', () => {
    expect(pkg.engines.node).toBe(floor.NODE_FLOOR);
    for (const v of ['20.20.2', '22.12.0', '22.22.1', '22.22.2', '23.11.0', '24.14.9', '24.15.0', '24.21.0', '25.1.0', '26.0.0', '30.1.2']) {
      expect(floor.nodeSupported(v), v).toBe(semver.satisfies(v, pkg.engines.node));
    }
    const lock = JSON.parse(readFileSync(join(REPO, 'package-lock.json'), 'utf8')) as { packages: Record<string, { engines?: { node?: string } }> };
    const bundled = [...readFileSync(join(REPO, 'dist/bundle/THIRD-PARTY-LICENSES.txt'), 'utf8').matchAll(/^(@?[^@\s]+)@[0-9][^ ]* \(/gm)].map((m) => m[1]!);
    expect(bundled.length).toBeGreaterThan(5);
    for (const name of bundled) {
      const own = lock.packages[`node_modules/${name}`]?.engines?.node;
      if (own !== undefined) expect(semver.subset(pkg.engines.node, own), `${name} needs ${own}`).toBe(true);
    }
  });

  describe('installed from the packed tarball into a temporary prefix', () => {
    let prefix: string;
    let bin: string;

    beforeAll(() => {
      prefix = join(dir, 'prefix');
      const install = run('npm', ['install', '--global', '--prefix', prefix, '--offline', '--no-audit', '--no-fund', tarball], [dirname(process.execPath), ...SYSTEM_PATH], dir);
      expect(install.status, install.stderr).toBe(0);
      bin = join(prefix, 'bin');
    });

    it('slsa-verify --version runs from there, under the Node first on PATH (the one running these tests)', () => {
      const path = [bin, dirname(process.execPath), ...SYSTEM_PATH];
      expect(run('slsa-verify', ['--version'], path, dir)).toMatchObject({ status: 0, stdout: `${pkg.version}\n` });
      // Which Node ran the installed launcher: `version` reports its own runtime.
      const info = JSON.parse(run('slsa-verify', ['version', '--json'], path, dir).stdout) as { nodeVersion: string };
      expect(info.nodeVersion).toBe(process.version);
      // Self-contained: it verifies with nothing but the tarball installed.
      const demo = run('slsa-verify', ['verify-artifact', join(REPO, 'fixtures/artifacts/hello.txt'), '--provenance-path', join(REPO, 'fixtures/provenance/valid.intoto.jsonl'),
        '--source-uri', 'github.com/slsa-verify-fixtures/hello', '--trusted-root', join(REPO, 'fixtures/trusted_root.json')], path, dir);
      expect(demo.status, demo.stderr).toBe(0);
    });

    it.skipIf(OLD_NODE === undefined)('with an older Node first on PATH, fails with the clear message (exit 2)', () => {
      const r = run('slsa-verify', ['--version'], [bin, OLD_NODE!, ...SYSTEM_PATH], dir);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/^slsa-verify needs Node\.js 22\.22\.2 or a later 22\.x, 24\.15\.0 or a later 24\.x, or 26 and newer \(this is v/);
    });
  });

  it.skipIf(OLD_NODE === undefined)('npx slsa-verify in the clone runs on the pinned Node, with an older Node first on PATH', () => {
    const pinned = run(join(REPO, 'node_modules/.bin/node'), ['--version'], SYSTEM_PATH).stdout.trim();
    const r = run('npx', ['--offline', 'slsa-verify', 'version', '--json'], [OLD_NODE!, ...SYSTEM_PATH]);
    expect(r.status, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { nodeVersion: string }).nodeVersion).toBe(pinned);
  });
});
