import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO } from '../cli/run-cli.js';

/**
 * The published shape, tested as a user gets it: `npm pack` (dist/ is built
 * by pretest), then a temporary project installs the tarball with `npm ci
 * --offline` (its dependencies pinned as this repository's lockfile pins
 * them, so they come from the npm cache that `npm ci` filled; no network) and
 * imports `slsa-verify` by name.
 */
const npm = (args: string[], cwd: string): string =>
  execFileSync('npm', args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false' }, stdio: ['ignore', 'pipe', 'pipe'] });

let work: string;
let app: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'slsa-verify-pack-'));
  app = join(work, 'app');
  mkdirSync(app);
  npm(['pack', '--ignore-scripts', '--silent', '--pack-destination', work], REPO);
  const tarball = readdirSync(work).find((n) => n.endsWith('.tgz'))!;
  const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string; dependencies: Record<string, string> };
  const lock = JSON.parse(readFileSync(join(REPO, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean; link?: boolean }> };
  const spec = `file:../${tarball}`;
  const packages: Record<string, unknown> = {
    '': { name: 'app', dependencies: { 'slsa-verify': spec } },
    'node_modules/slsa-verify': {
      version: pkg.version,
      resolved: spec,
      integrity: `sha512-${createHash('sha512').update(readFileSync(join(work, tarball))).digest('base64')}`,
      dependencies: pkg.dependencies,
    },
  };
  for (const [path, entry] of Object.entries(lock.packages)) if (path !== '' && !entry.dev && !entry.link) packages[path] = entry;
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module', dependencies: { 'slsa-verify': spec } }));
  writeFileSync(join(app, 'package-lock.json'), JSON.stringify({ name: 'app', lockfileVersion: 3, requires: true, packages }));
  npm(['ci', '--offline', '--ignore-scripts', '--no-audit', '--no-fund'], app);
  cpSync(join(REPO, 'fixtures'), join(app, 'fixtures'), { recursive: true });
}, 120_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the packed tarball', () => {
  it('ships ESM with declarations and the report JSON Schema, not the sources', () => {
    const root = join(app, 'node_modules', 'slsa-verify');
    const files = readdirSync(join(root, 'dist'));
    expect(files).toEqual(expect.arrayContaining(['index.js', 'index.d.ts', 'report.schema.json']));
    expect(readdirSync(root)).not.toContain('src');
  });

  it('imports slsa-verify by name and verifies a fixture artifact in-process', () => {
    writeFileSync(
      join(app, 'verify.mjs'),
      `import { verifyArtifact, loadTrustedRoot, VerifyError, inspect, verifyImage, verifyNpmPackage, verifyPypi, verifyBundle, verifyVsa, verifyLockfile } from 'slsa-verify';
const trustedRoot = loadTrustedRoot('fixtures/trusted_root.json');
const request = { artifacts: ['fixtures/artifacts/hello.txt'], provenancePath: 'fixtures/provenance/valid.intoto.jsonl', sourceUri: 'github.com/slsa-verify-fixtures/hello', trustedRoot };
const passed = await verifyArtifact(request);
const failed = await verifyArtifact({ ...request, sourceUri: 'github.com/someone/else' });
let thrown;
try { await verifyArtifact({ ...request, provenancePath: 'fixtures/missing.jsonl' }); } catch (err) { thrown = err instanceof VerifyError ? err.code : String(err); }
const fns = [inspect, verifyImage, verifyNpmPackage, verifyPypi, verifyBundle, verifyVsa, verifyLockfile].map((f) => typeof f);
console.log(JSON.stringify({ verdict: passed.verdict, checks: passed.artifacts[0].checks.map((c) => c.id + ':' + c.status), failed: [failed.verdict, failed.artifacts[0].error.code], thrown, fns }));
`,
    );
    const out = JSON.parse(execFileSync(process.execPath, ['verify.mjs'], { cwd: app, encoding: 'utf8' })) as {
      verdict: string; checks: string[]; failed: string[]; thrown: string; fns: string[];
    };
    expect(out.verdict).toBe('PASSED');
    expect(out.checks).toContain('subject-digest:pass');
    expect(out.failed).toEqual(['FAILED', 'ErrorMismatchSource']);
    expect(out.thrown).toBe('ErrorUnreadableFile');
    expect(out.fns.every((t) => t === 'function')).toBe(true);
  });

  it('type-checks a TypeScript consumer against the shipped declarations', () => {
    writeFileSync(
      join(app, 'consumer.ts'),
      `import { verifyArtifact, loadTrustedRoot, type VerifyArtifactReport } from 'slsa-verify';
const report: VerifyArtifactReport = await verifyArtifact({ artifacts: ['a'], provenancePath: 'p', sourceUri: 's', trustedRoot: loadTrustedRoot() });
const verdict: 'PASSED' | 'FAILED' = report.verdict;
const ids: string[] = report.artifacts.flatMap((a) => a.checks.map((c) => c.id));
export { verdict, ids };
`,
    );
    writeFileSync(
      join(app, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { target: 'ES2023', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: true, types: ['node'], typeRoots: [join(REPO, 'node_modules', '@types')] },
        files: ['consumer.ts'],
      }),
    );
    execFileSync(process.execPath, [join(REPO, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], { cwd: app, encoding: 'utf8' });
  }, 120_000);
});
