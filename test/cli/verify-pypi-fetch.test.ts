import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startPypiProject, type FetchPypiProject } from '../support/fetch-projects.js';
import { startPackageIndex } from '../../src/tools/stand-ins/package-index.js';
import type { WheelSpec } from '../../src/tools/fixtures/pypi-tree.js';
import { runCli } from './run-cli.js';

interface PypiJson {
  verdict: string;
  error: { code: string; message: string } | null;
  artifacts: { path: string; verdict: string; error: { code: string } | null }[];
}

const SPECS: WheelSpec[] = [
  { project: 'hello-py', version: '1.0.0' },
  { project: 'Tiny_Lib', version: '0.3.1' },
];
const REPOSITORY = 'https://github.com/slsa-verify-fixtures/hello-py';
const FAST = { SLSA_VERIFY_HTTP_TIMEOUT_MS: '400', SLSA_VERIFY_HTTP_BACKOFF_MS: '10' };

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

async function project(specs = SPECS): Promise<FetchPypiProject & { wheel: string }> {
  const p = await startPypiProject(specs);
  open.push(p.index);
  const wheel = join(p.dir, p.house.wheels[1]!.name);
  writeFileSync(wheel, p.house.wheels[1]!.bytes);
  return { ...p, wheel };
}

const args = (p: FetchPypiProject, wheel: string, index = `${p.index.url}simple/`, extra: string[] = []) => [
  'verify-pypi',
  wheel,
  '--repository',
  REPOSITORY,
  '--index-url',
  index,
  '--trusted-root',
  p.trustedRoot,
  ...extra,
];
const doc = (stdout: string) => JSON.parse(stdout) as PypiJson;

describe('verify-pypi FILE without --provenance: the provenance from the index', () => {
  it('finds the file by name and sha256 on the index, fetches its provenance, downloads nothing; says so unless --quiet', async () => {
    const p = await project();
    const r = await runCli(args(p, p.wheel), FAST);
    expect(r.stderr).toContain(`Fetching the index page and PEP 740 provenance of ${p.house.wheels[1]!.name} from ${p.index.url}simple/`);
    expect(r.stderr).toContain('PASSED: SLSA verification passed');
    expect(r.status).toBe(0);
    expect(p.index.requests.map((q) => q.path)).toEqual(['/simple/tiny-lib/', `/integrity/tiny-lib/0.3.1/${p.house.wheels[1]!.name}/provenance`]);

    const quiet = await runCli(args(p, p.wheel, undefined, ['--quiet']), FAST);
    expect(quiet.stderr).not.toContain('Fetching');
    expect(quiet.status).toBe(0);
  });

  it('hostile: a file the index serves with another hash, a file it does not list, another file\'s provenance, no provenance, a failing index', async () => {
    const p = await project();
    const tampered = join(p.dir, 'tampered', p.house.wheels[1]!.name);
    const { mkdirSync } = await import('node:fs');
    mkdirSync(join(p.dir, 'tampered'));
    writeFileSync(tampered, Buffer.concat([p.house.wheels[1]!.bytes, Buffer.from('x')]));
    let r = await runCli([...args(p, tampered), '--format', 'json'], FAST);
    expect(doc(r.stdout).artifacts[0]!.error!.code).toBe('ErrorMismatchHash');
    expect(r.status).toBe(1);

    const unlisted = join(p.dir, 'tiny_lib-9.9.9-py3-none-any.whl');
    writeFileSync(unlisted, 'not on the index');
    r = await runCli([...args(p, unlisted), '--format', 'json'], FAST);
    expect(doc(r.stdout).artifacts[0]!.error!.code).toBe('ErrorNotPresent');
    expect(r.status).toBe(1);

    p.index.hostile = (path) => (path.includes('/integrity/') ? { status: 200, body: JSON.stringify(p.house.wheels[0]!.provenance) } : undefined);
    r = await runCli([...args(p, p.wheel), '--format', 'json'], FAST);
    expect(doc(r.stdout).artifacts[0]!.error!.code).toMatch(/^(?:ErrorMismatchDistribution|ErrorMismatchHash)$/);
    expect(r.status).toBe(1);

    p.index.hostile = () => ({ status: 503 });
    r = await runCli([...args(p, p.wheel), '--format', 'json'], FAST);
    expect(doc(r.stdout).artifacts[0]!.error!.code).toBe('ErrorRegistryUnreachable');
    expect(r.status).toBe(4);

    p.index.hostile = (path) => (path.startsWith('/integrity/') ? { status: 200, delayMs: 3000, body: '{}' } : undefined);
    r = await runCli([...args(p, p.wheel), '--format', 'json'], FAST);
    expect(doc(r.stdout).artifacts[0]!.error!.code).toBe('ErrorRegistryUnreachable');
    expect(r.status).toBe(4);

    p.index.hostile = () => ({ status: 301, headers: { location: 'http://pypi.example.invalid/simple/tiny-lib/' } });
    r = await runCli(args(p, p.wheel), FAST);
    expect(r.status).toBe(4);

    const bare = await startPackageIndex({ wheels: p.house.wheels, unattested: () => true });
    open.push(bare);
    r = await runCli([...args(p, p.wheel, `${bare.url}simple/`), '--format', 'json'], FAST);
    expect(doc(r.stdout).artifacts[0]!.error!.code).toBe('ErrorNotPresent');
    expect(r.status).toBe(1);
  });

  it('a release without provenance after releases with it is a downgrade (ErrorEvidenceDowngrade)', async () => {
    const p = await project([{ project: 'hello-py', version: '1.0.0' }, { project: 'hello-py', version: '1.1.0' }]);
    const newest = p.house.wheels[1]!;
    const index = await startPackageIndex({ wheels: p.house.wheels, unattested: (w) => w.version === '1.1.0' });
    open.push(index);
    const wheel = join(p.dir, newest.name);
    writeFileSync(wheel, newest.bytes);
    const r = await runCli([...args(p, wheel, `${index.url}simple/`), '--format', 'json'], FAST);
    expect(doc(r.stdout).artifacts[0]!.error!.code).toBe('ErrorEvidenceDowngrade');
    expect(r.status).toBe(1);
  });

  it('credentials in --index-url go to the index as Basic auth and never appear in the output', async () => {
    const p = await project();
    const r = await runCli(args(p, p.wheel, `${p.index.url.replace('http://', 'http://user:pa%40ss@')}simple/`), FAST);
    expect(r.status).toBe(0);
    expect(r.stderr).not.toContain('pa%40ss');
    expect(p.index.requests.every((q) => q.authorization === `Basic ${Buffer.from('user:pa@ss').toString('base64')}`)).toBe(true);
  });

  it('--offline without --provenance and --emit-vsa with fetched provenance are usage errors (exit 2), nothing fetched', async () => {
    const p = await project();
    for (const extra of [['--offline'], ['--emit-vsa', join(p.dir, 'vsa.json')]]) {
      const r = await runCli(args(p, p.wheel, undefined, extra), FAST);
      expect(r.status, extra[0]).toBe(2);
    }
    expect(p.index.requests).toEqual([]);
  });
});
