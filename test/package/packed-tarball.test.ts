import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO } from '../cli/run-cli.js';

/**
 * The library as a user gets it: `npm pack` (dist/ is built by pretest), a
 * temporary project installs the tarball (`npm install --offline`: the
 * package has no dependencies) and imports `slsa-verify` by name.
 */
const SYSTEM_PATH = ['/usr/local/bin', '/usr/bin', '/bin'];
const npm = (args: string[], cwd: string): string =>
  execFileSync('npm', args, { cwd, encoding: 'utf8', env: { PATH: [dirname(process.execPath), ...SYSTEM_PATH].join(':'), HOME: process.env.HOME ?? '' }, stdio: ['ignore', 'pipe', 'pipe'] });

let work: string;
let app: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'slsa-verify-library-'));
  app = join(work, 'app');
  mkdirSync(app);
  npm(['pack', '--ignore-scripts', '--silent', '--pack-destination', work], REPO);
  const tarball = readdirSync(work).find((n) => n.endsWith('.tgz'))!;
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
  npm(['install', '--offline', '--ignore-scripts', '--no-audit', '--no-fund', join(work, tarball)], app);
  cpSync(join(REPO, 'fixtures'), join(app, 'fixtures'), { recursive: true });
}, 120_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the library from the packed tarball', () => {
  it('installs nothing else (the bundle is self-contained) and ships its declarations and report JSON Schema', () => {
    expect(readdirSync(join(app, 'node_modules')).filter((n) => !n.startsWith('.'))).toEqual(['slsa-verify']);
    const bundle = join(app, 'node_modules', 'slsa-verify', 'dist', 'bundle');
    expect(readdirSync(bundle)).toEqual(expect.arrayContaining(['index.js', 'report.schema.json', 'types']));
    expect(readdirSync(join(bundle, 'types'))).toContain('index.d.ts');
  });

  it('imports slsa-verify by name and verifies a fixture artifact in-process', () => {
    writeFileSync(
      join(app, 'verify.mjs'),
      `import { verifyArtifact, loadTrustedRoot, VerifyError, inspect, verifyImage, verifyNpmPackage, verifyPypi, verifyBundle, verifyVsa, verifyLockfile, attestationVerify } from 'slsa-verify';
import { createRequire } from 'node:module';
const trustedRoot = loadTrustedRoot('fixtures/trusted_root.json');
const request = { artifacts: ['fixtures/artifacts/hello.txt'], provenancePath: 'fixtures/provenance/valid.intoto.jsonl', sourceUri: 'github.com/slsa-verify-fixtures/hello', trustedRoot };
const passed = await verifyArtifact(request);
const failed = await verifyArtifact({ ...request, sourceUri: 'github.com/someone/else' });
let thrown;
try { await verifyArtifact({ ...request, provenancePath: 'fixtures/missing.jsonl' }); } catch (err) { thrown = err instanceof VerifyError ? err.code : String(err); }
const embedded = loadTrustedRoot().origin;
const schema = createRequire(import.meta.url)('slsa-verify/report.schema.json');
const fns = [inspect, verifyImage, verifyNpmPackage, verifyPypi, verifyBundle, verifyVsa, verifyLockfile, attestationVerify].map((f) => typeof f);
console.log(JSON.stringify({ verdict: passed.verdict, checks: passed.artifacts[0].checks.map((c) => c.id + ':' + c.status), failed: [failed.verdict, failed.artifacts[0].error.code], thrown, embedded, schema: schema.$id, fns }));
`,
    );
    const out = JSON.parse(execFileSync(process.execPath, ['verify.mjs'], { cwd: app, encoding: 'utf8' })) as {
      verdict: string; checks: string[]; failed: string[]; thrown: string; embedded: string; schema: string; fns: string[];
    };
    expect(out.verdict).toBe('PASSED');
    expect(out.checks).toContain('subject-digest:pass');
    expect(out.failed).toEqual(['FAILED', 'ErrorMismatchSource']);
    expect(out.thrown).toBe('ErrorUnreadableFile');
    expect(out.embedded).toBe('embedded public-good root');
    expect(out.schema).toMatch(/report\.schema\.json$/);
    expect(out.fns.every((t) => t === 'function')).toBe(true);
  }, 60_000);

  it('type-checks a strict TypeScript consumer against the shipped declarations alone (no other package, no skipLibCheck)', () => {
    writeFileSync(
      join(app, 'consumer.ts'),
      `import { verifyArtifact, loadTrustedRoot, VerifyError, type VerifyArtifactReport, type ErrorCode } from 'slsa-verify';
export async function gate(path: string): Promise<boolean> {
  const report: VerifyArtifactReport = await verifyArtifact({ artifacts: [path], provenancePath: 'p', sourceUri: 's', trustedRoot: loadTrustedRoot() });
  const codes: (ErrorCode | undefined)[] = report.artifacts.flatMap((a) => a.checks.map((c) => c.code));
  return report.verdict === 'PASSED' && codes.length >= 0 && !(report.error instanceof VerifyError);
}
// @ts-expect-error the report's verdict is a closed union
export const wrong: VerifyArtifactReport['verdict'] = 'OK';
`,
    );
    writeFileSync(
      join(app, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { target: 'ES2023', lib: ['ES2023'], module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, types: [] }, files: ['consumer.ts'] }),
    );
    execFileSync(process.execPath, [join(REPO, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], { cwd: app, encoding: 'utf8' });
  }, 120_000);
});
