import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PYPI_POLICY } from '../lockfile/tree-files.js';
import { pypiFetchArgs, startPypiProject, type FetchPypiProject } from '../support/fetch-projects.js';
import { startPackageIndex } from '../../src/tools/stand-ins/package-index.js';
import type { WheelSpec } from '../../src/tools/fixtures/pypi-tree.js';
import { runCli } from './run-cli.js';

interface LockJson {
  verdict: string;
  packages: { name: string; result: string; files: string[]; error: { code: string; message: string } | null; pin: string | null; publisher: { repository: string } | null }[];
}

const SPECS: WheelSpec[] = [
  { project: 'hello-py', version: '1.0.0' },
  { project: 'Tiny_Lib', version: '0.3.1' },
];
const EVIL = { owner: 'evil-fork', name: 'hello-py', id: '999', ownerId: '998' };
const FAST = { SLSA_VERIFY_HTTP_TIMEOUT_MS: '400', SLSA_VERIFY_HTTP_BACKOFF_MS: '10' };

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

async function project(specs = SPECS): Promise<FetchPypiProject> {
  const p = await startPypiProject(specs);
  open.push(p.index);
  return p;
}

const doc = (stdout: string) => JSON.parse(stdout) as LockJson;
const pkg = (d: LockJson, name: string) => d.packages.find((x) => x.name === name)!;

describe('verify-lockfile requirements.txt / pylock.toml from the index (no --artifacts)', () => {
  for (const kind of ['requirements', 'pylock'] as const) {
    it(`${kind}: verifies every pinned hash by its PEP 740 provenance, downloading no distribution`, async () => {
      const p = await project();
      writeFileSync(join(p.dir, 'policy.yaml'), PYPI_POLICY);
      const r = await runCli(pypiFetchArgs(p, p[kind], ['--policy', join(p.dir, 'policy.yaml')]), FAST);
      expect(r.stderr).toContain(`Fetching index pages and PEP 740 provenance of 2 packages from ${p.index.url}simple/ (2)`);
      expect(r.stderr).toContain('PASSED: lockfile verification passed (2 verified');
      expect(r.status).toBe(0);
      expect(p.index.requests.every((q) => !q.path.startsWith('/files/'))).toBe(true);
      expect(p.index.requests.find((q) => q.path.startsWith('/simple/'))!.accept).toContain('application/vnd.pypi.simple.v1+json');
    });
  }

  it('trust on first use without a policy; a changed publisher later fails', async () => {
    const p = await project();
    const pins = join(p.dir, 'pins.json');
    const first = await runCli(pypiFetchArgs(p, p.requirements, ['--pins', pins]), FAST);
    expect(first.stderr).toContain('2 publishers pinned on first use');
    expect(first.status).toBe(0);
    expect(JSON.parse(readFileSync(pins, 'utf8')).pins['pypi:tiny-lib'].repository).toBe('github.com/slsa-verify-fixtures/hello-py');

    const forked = await project([SPECS[0]!, { ...SPECS[1]!, repository: EVIL }]);
    writeFileSync(p.requirements, forked.house.requirements);
    const later = await runCli(['verify-lockfile', p.requirements, '--index-url', `${forked.index.url}simple/`, '--trusted-root', forked.trustedRoot, '--pins', pins, '--format', 'json'], FAST);
    expect(pkg(doc(later.stdout), 'Tiny_Lib')).toMatchObject({ result: 'failed', pin: 'mismatch', error: { code: 'ErrorPinMismatch' } });
    expect(later.status).toBe(1);
  });

  it("hostile index: another file's provenance fails; a pin the index does not list fails; a failing index is exit 4", async () => {
    const p = await project();
    const other = p.house.wheels[0]!.provenance;
    p.index.hostile = (path) => (path.includes('/integrity/tiny-lib/') ? { status: 200, body: JSON.stringify(other) } : undefined);
    const r = await runCli(pypiFetchArgs(p, p.pylock, ['--pins', join(p.dir, 'pins.json'), '--format', 'json']), FAST);
    expect(pkg(doc(r.stdout), 'Tiny_Lib').result).toBe('failed');
    expect(pkg(doc(r.stdout), 'Tiny_Lib').error!.code).toMatch(/ErrorMismatchDistribution|ErrorMismatchHash/);
    expect(r.status).toBe(1);

    writeFileSync(p.requirements, p.house.requirements.replace(p.house.wheels[1]!.sha256, 'ab'.repeat(32)));
    p.index.hostile = undefined;
    const unlisted = await runCli(pypiFetchArgs(p, p.requirements, ['--pins', join(p.dir, 'pins.json'), '--format', 'json']), FAST);
    expect(pkg(doc(unlisted.stdout), 'Tiny_Lib').error!.code).toBe('ErrorNotPresent');

    p.index.hostile = () => ({ status: 502 });
    const down = await runCli(pypiFetchArgs(p, p.pylock, ['--pins', join(p.dir, 'pins.json')]), FAST);
    expect(down.status).toBe(4);
  });

  it('a release without provenance after releases with it is a downgrade', async () => {
    const p = await project([{ project: 'hello-py', version: '1.0.0' }, { project: 'hello-py', version: '1.1.0' }]);
    await p.index.close();
    const index = await startPackageIndex({ wheels: p.house.wheels, unattested: (w) => w.version === '1.1.0' });
    open.push(index);
    const newest = p.house.wheels[1]!;
    writeFileSync(p.requirements, `hello-py==1.1.0 --hash=sha256:${newest.sha256}\n`);
    const r = await runCli(['verify-lockfile', p.requirements, '--index-url', `${index.url}simple/`, '--trusted-root', p.trustedRoot, '--pins', join(p.dir, 'pins.json'), '--format', 'json'], FAST);
    expect(doc(r.stdout).packages[0]).toMatchObject({ result: 'failed', error: { code: 'ErrorEvidenceDowngrade' } });
    expect(r.status).toBe(1);
  });

  it('--index-url over plain http to a non-loopback host is refused (exit 2)', async () => {
    const p = await project();
    const r = await runCli(['verify-lockfile', p.requirements, '--index-url', 'http://pypi.example.invalid/simple/', '--trusted-root', p.trustedRoot, '--pins', join(p.dir, 'pins.json')], FAST);
    expect(r.status).toBe(2);
  });
});
