import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { pypiLockArgs, PYPI_POLICY, writePypiProject } from '../lockfile/tree-files.js';
import { pypiFetchArgs, startPypiProject, type FetchPypiProject } from '../support/fetch-projects.js';
import { startPackageIndex } from '../../src/tools/stand-ins/package-index.js';
import type { WheelSpec } from '../../src/tools/fixtures/pypi-tree.js';
import { runCli } from './run-cli.js';

interface LockJson {
  verdict: string;
  error: { code: string; message: string } | null;
  packages: { name: string; result: string; files: string[]; error: { code: string; message: string } | null; pin: string | null; note: string | null }[];
}

const SPECS: WheelSpec[] = [
  { project: 'hello-py', version: '1.0.0' },
  { project: 'Tiny_Lib', version: '0.3.1' },
];
const FAST = { SLSA_VERIFY_HTTP_TIMEOUT_MS: '400', SLSA_VERIFY_HTTP_BACKOFF_MS: '10' };
const KINDS = ['poetry', 'pipfile', 'uv'] as const;

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
const pkg = (d: LockJson, name: string) => d.packages.find((x) => x.name.toLowerCase() === name.toLowerCase())!;
const policy = (p: FetchPypiProject, extra = '') => {
  const path = join(p.dir, 'policy.yaml');
  writeFileSync(path, `${PYPI_POLICY}${extra}`);
  return ['--policy', path];
};

/** The stand-in's own project page, to replay it altered. */
async function page(p: FetchPypiProject, project: string): Promise<{ files: { filename: string; hashes: { sha256: string } }[] }> {
  const response = await fetch(`${p.index.url}simple/${project}/`, { headers: { accept: 'application/vnd.pypi.simple.v1+json' } });
  return (await response.json()) as { files: { filename: string; hashes: { sha256: string } }[] };
}

describe('verify-lockfile poetry.lock / Pipfile.lock / uv.lock from the index (no --artifacts)', () => {
  for (const kind of KINDS) {
    it(`${kind}: verifies every pinned hash by its PEP 740 provenance, downloading no distribution; then pins on first use`, async () => {
      const p = await project();
      const r = await runCli(pypiFetchArgs(p, p[kind], [...policy(p), '--format', 'json']), FAST);
      expect(r.stderr).toContain(`Fetching index pages and PEP 740 provenance of 2 packages from ${p.index.url}simple/ (2)`);
      expect(doc(r.stdout).packages.map((x) => x.result)).toEqual(['verified', 'verified']);
      expect(r.status).toBe(0);
      expect(p.index.requests.every((q) => !q.path.startsWith('/files/'))).toBe(true);

      const pins = join(p.dir, `${kind}-pins.json`);
      const first = await runCli(pypiFetchArgs(p, p[kind], ['--pins', pins]), FAST);
      expect(first.stderr).toContain('2 publishers pinned on first use');
      expect(first.status).toBe(0);
    });
  }

  it('a pinned file the index lists with another sha256 fails ErrorMismatchHash; a pinned hash the index lists under another file name fails ErrorNotPresent', async () => {
    const p = await project();
    const tiny = p.house.wheels[1]!;
    writeFileSync(p.poetry, p.house.poetryLock.replace(tiny.sha256, 'cd'.repeat(32)));
    const r = await runCli(pypiFetchArgs(p, p.poetry, [...policy(p), '--format', 'json']), FAST);
    expect(pkg(doc(r.stdout), 'Tiny_Lib')).toMatchObject({ result: 'failed', error: { code: 'ErrorMismatchHash' } });
    expect(pkg(doc(r.stdout), 'hello-py').result).toBe('verified');
    expect(r.status).toBe(1);

    // The index moves the pinned bytes to another (valid) name of the release: the lock's file is not listed.
    const moved = await page(p, 'tiny-lib');
    moved.files[0]!.filename = tiny.name.replace('-py3-', '-py2-');
    p.index.hostile = (path) => (path === '/simple/tiny-lib/' ? { status: 200, body: JSON.stringify(moved) } : undefined);
    for (const kind of ['poetry', 'uv'] as const) {
      writeFileSync(p[kind], kind === 'poetry' ? p.house.poetryLock : p.house.uvLock);
      const m = await runCli(pypiFetchArgs(p, p[kind], [...policy(p), '--format', 'json']), FAST);
      expect(pkg(doc(m.stdout), 'Tiny_Lib').error!.code, kind).toBe('ErrorNotPresent');
      expect(m.status).toBe(1);
    }
  });

  it("Pipfile.lock (no file names): a hash the index lists only under another project fails; another file's provenance fails", async () => {
    const p = await project();
    const [hello, tiny] = p.house.wheels as [typeof p.house.wheels[0], typeof p.house.wheels[0]];
    writeFileSync(p.pipfile, p.house.pipfileLock.replace(tiny.sha256, hello.sha256));
    let r = await runCli(pypiFetchArgs(p, p.pipfile, [...policy(p), '--format', 'json']), FAST);
    expect(pkg(doc(r.stdout), 'Tiny_Lib')).toMatchObject({ result: 'failed', error: { code: 'ErrorNotPresent' } });
    expect(r.status).toBe(1);

    writeFileSync(p.pipfile, p.house.pipfileLock);
    p.index.hostile = (path) => (path.includes('/integrity/tiny-lib/') ? { status: 200, body: JSON.stringify(hello.provenance) } : undefined);
    r = await runCli(pypiFetchArgs(p, p.pipfile, [...policy(p), '--format', 'json']), FAST);
    expect(pkg(doc(r.stdout), 'Tiny_Lib').error!.code).toMatch(/^(?:ErrorMismatchDistribution|ErrorMismatchHash)$/);
    expect(r.status).toBe(1);
  });

  it('an index page listing one file twice with different hashes fails (ErrorInvalidFormat)', async () => {
    const p = await project();
    const twice = await page(p, 'tiny-lib');
    twice.files.push({ ...twice.files[0]!, hashes: { sha256: 'ef'.repeat(32) } });
    p.index.hostile = (path) => (path === '/simple/tiny-lib/' ? { status: 200, body: JSON.stringify(twice) } : undefined);
    for (const kind of KINDS) {
      const r = await runCli(pypiFetchArgs(p, p[kind], [...policy(p), '--format', 'json']), FAST);
      expect(pkg(doc(r.stdout), 'Tiny_Lib').error!.code, kind).toBe('ErrorInvalidFormat');
      expect(r.status).toBe(1);
    }
  });

  it('refuses (exit 2) duplicate entries that disagree, a file of another project, malformed TOML, JSON with a duplicate key', async () => {
    const p = await project();
    const [hello, tiny] = p.house.wheels as [typeof p.house.wheels[0], typeof p.house.wheels[0]];
    const poetryDup = `${p.house.poetryLock.split('[metadata]')[0]!}[[package]]\nname = "hello_py"\nversion = "1.0.0"\nfiles = [{file = "${hello.name}", hash = "sha256:${'0'.repeat(64)}"}]\n\n[metadata]${p.house.poetryLock.split('[metadata]')[1]!}`;
    const pipfile = JSON.parse(p.house.pipfileLock) as { default: Record<string, unknown>; develop: Record<string, unknown> };
    pipfile.develop['Hello.Py'] = { hashes: [`sha256:${tiny.sha256}`], version: '==1.0.0' };
    const cases: [string, string, string][] = [
      ['poetry: one release locked twice, other digests', p.poetry, poetryDup],
      ['pipfile: default and develop disagree (PEP 503 names)', p.pipfile, JSON.stringify(pipfile)],
      ['poetry: a file of another project', p.poetry, p.house.poetryLock.replace(`file = "${hello.name}"`, `file = "${tiny.name}"`)],
      ['uv: a file of another project', p.uv, p.house.uvLock.replace(`packages/${hello.name}`, `packages/${tiny.name}`)],
      ['uv: malformed TOML', p.uv, `${p.house.uvLock}[[package]\n`],
      ['uv: a duplicate key', p.uv, p.house.uvLock.replace('revision = 2', 'revision = 2\nrevision = 3')],
      ['poetry: not a poetry.lock', p.poetry, p.house.uvLock],
      ['pipfile: a duplicate key', p.pipfile, p.house.pipfileLock.replace('"develop": {}', '"develop": {}, "develop": {"x": {"version": "==1", "hashes": []}}')],
      ['uv: a registry over plain http to a non-loopback host', p.uv, p.house.uvLock.replace('registry = "https://pypi.org/simple"', 'registry = "http://pypi.example.invalid/simple"')],
      ['pipfile: a sha512 pin', p.pipfile, p.house.pipfileLock.replace(`sha256:${tiny.sha256}`, `sha512:${'a'.repeat(128)}`)],
    ];
    for (const [what, file, text] of cases) {
      writeFileSync(file, text);
      const r = await runCli(pypiFetchArgs(p, file, [...policy(p), '--format', 'json']), FAST);
      expect(r.status, what).toBe(2);
      expect(doc(r.stdout).error?.code, what).toBe('ErrorUsage');
    }
    expect(p.index.requests).toEqual([]);
  });

  it("uv: a package's own registry is asked for it, without the --index-url token; git and path sources fail unless the policy allows missing provenance", async () => {
    const p = await project();
    const other = await startPackageIndex({ wheels: p.house.wheels });
    open.push(other);
    const tiny = p.house.wheels[1]!;
    const lock = p.house.uvLock.replace(
      `name = "tiny_lib"\nversion = "0.3.1"\nsource = { registry = "https://pypi.org/simple" }`,
      `name = "tiny_lib"\nversion = "0.3.1"\nsource = { registry = "${other.url}simple" }`,
    );
    expect(lock).not.toBe(p.house.uvLock);
    writeFileSync(p.uv, lock);
    const withToken = p.index.url.replace('http://', 'http://__token__:s3cret@');
    const r = await runCli(['verify-lockfile', p.uv, '--index-url', `${withToken}simple/`, '--trusted-root', p.trustedRoot, ...policy(p), '--format', 'json'], FAST);
    expect(doc(r.stdout).packages.map((x) => x.result)).toEqual(['verified', 'verified']);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain(`${other.url}simple/ (1)`);
    expect(r.stderr).not.toContain('s3cret');
    expect(p.index.requests.length).toBeGreaterThan(0);
    expect(p.index.requests.every((q) => q.authorization === `Basic ${Buffer.from('__token__:s3cret').toString('base64')}`)).toBe(true);
    expect(p.index.requests.some((q) => q.path.includes('tiny-lib'))).toBe(false);
    expect(other.requests.some((q) => q.path === '/simple/tiny-lib/')).toBe(true);
    expect(other.requests.every((q) => q.authorization === undefined)).toBe(true);

    // The other index asking for credentials gets none: the package cannot be verified (exit 4), the token stays home.
    other.hostile = () => ({ status: 401, headers: { 'www-authenticate': 'Basic realm="pypi"' } });
    const asked = await runCli(['verify-lockfile', p.uv, '--index-url', `${withToken}simple/`, '--trusted-root', p.trustedRoot, ...policy(p), '--format', 'json'], FAST);
    expect(pkg(doc(asked.stdout), 'tiny_lib').error?.code).toBe('ErrorRegistryUnreachable');
    expect(asked.status).toBe(4);
    expect(other.requests.every((q) => q.authorization === undefined)).toBe(true);

    const gitLock = p.house.uvLock.replace(
      `source = { registry = "https://pypi.org/simple" }\nwheels = [\n    { url = "https://files.pythonhosted.org/packages/${tiny.name}"`,
      `source = { git = "https://github.com/evil/tiny?rev=abc#abc" }\nwheels = [\n    { url = "https://files.pythonhosted.org/packages/${tiny.name}"`,
    );
    expect(gitLock).not.toBe(p.house.uvLock);
    writeFileSync(p.uv, gitLock);
    let g = await runCli(pypiFetchArgs(p, p.uv, [...policy(p), '--format', 'json']), FAST);
    expect(pkg(doc(g.stdout), 'tiny_lib')).toMatchObject({ result: 'failed', error: { code: 'ErrorNotPresent' } });
    expect(g.status).toBe(1);
    g = await runCli(pypiFetchArgs(p, p.uv, [...policy(p, 'packages:\n  - match: tiny-lib\n    missingProvenance: allow\n'), '--format', 'json']), FAST);
    expect(pkg(doc(g.stdout), 'tiny_lib')).toMatchObject({ result: 'allowed' });
    expect(g.status).toBe(0);

    const pipfile = JSON.parse(p.house.pipfileLock) as { default: Record<string, unknown> };
    pipfile.default['local'] = { editable: true, path: '../local' };
    writeFileSync(p.pipfile, JSON.stringify(pipfile));
    g = await runCli(pypiFetchArgs(p, p.pipfile, [...policy(p), '--format', 'json']), FAST);
    expect(pkg(doc(g.stdout), 'local')).toMatchObject({ result: 'failed', error: { code: 'ErrorNotPresent' } });
  });

  it('an index redirecting to plain http elsewhere is refused (exit 4, ErrorRegistryUnreachable)', async () => {
    const p = await project();
    p.index.hostile = () => ({ status: 302, headers: { location: 'http://pypi.example.invalid/simple/x/' } });
    const r = await runCli(pypiFetchArgs(p, p.uv, [...policy(p), '--format', 'json']), FAST);
    expect(doc(r.stdout).packages.every((x) => x.error?.code === 'ErrorRegistryUnreachable')).toBe(true);
    expect(r.status).toBe(4);
  });

  it('trust on first use: a pinned project that has no provenance later is a downgrade (ErrorEvidenceDowngrade)', async () => {
    const p = await project();
    const pins = join(p.dir, 'pins.json');
    const first = await runCli(pypiFetchArgs(p, p.uv, ['--pins', pins]), FAST);
    expect(first.status).toBe(0);
    expect(JSON.parse(readFileSync(pins, 'utf8')).pins['pypi:tiny-lib']).toBeDefined();

    const bare = await startPackageIndex({ wheels: p.house.wheels, unattested: (w) => w.project === 'Tiny_Lib' });
    open.push(bare);
    const args = ['verify-lockfile', p.uv, '--index-url', `${bare.url}simple/`, '--trusted-root', p.trustedRoot, '--pins', pins, '--format', 'json'];
    const later = await runCli(args, FAST);
    expect(pkg(doc(later.stdout), 'Tiny_Lib')).toMatchObject({ result: 'failed', pin: 'mismatch', error: { code: 'ErrorEvidenceDowngrade' } });
    expect(pkg(doc(later.stdout), 'hello-py')).toMatchObject({ result: 'verified', pin: 'matched' });
    expect(later.status).toBe(1);
    const accepted = await runCli([...args, '--update-pins'], FAST);
    expect(pkg(doc(accepted.stdout), 'Tiny_Lib')).toMatchObject({ result: 'allowed', pin: 'removed' });
    expect(accepted.status).toBe(0);
  });

  it('--offline with --evidence-dir prepared by fetch verifies a poetry.lock from the directory alone', async () => {
    const p = await project();
    const dir = join(p.dir, 'evidence');
    const fetched = await runCli(['fetch', p.poetry, '--evidence-dir', dir, '--index-url', `${p.index.url}simple/`], FAST);
    expect(fetched.status).toBe(0);
    await p.index.close();
    const r = await runCli(['verify-lockfile', p.poetry, '--offline', '--evidence-dir', dir, '--index-url', `${p.index.url}simple/`, '--trusted-root', p.trustedRoot, ...policy(p)], FAST);
    expect(r.stderr).toContain('PASSED: lockfile verification passed (2 verified');
    expect(r.status).toBe(0);
  });

  it('--artifacts DIR: each file the lockfile names must match its pin and carry FILE.provenance', async () => {
    const p = writePypiProject(SPECS);
    const files = { poetry: ['poetry.lock', p.house.poetryLock], pipfile: ['Pipfile.lock', p.house.pipfileLock], uv: ['uv.lock', p.house.uvLock] } as const;
    for (const [kind, [name, text]] of Object.entries(files)) {
      const lock = join(p.dir, name);
      writeFileSync(lock, text);
      const r = await runCli(pypiLockArgs(p, lock, ['--format', 'json']));
      expect(doc(r.stdout).packages.map((x) => x.result), kind).toEqual(['verified', 'verified']);
      expect(r.status).toBe(0);
    }
    const tiny = p.house.wheels[1]!;
    writeFileSync(join(p.wheels, tiny.name), Buffer.concat([tiny.bytes, Buffer.from('tampered')]));
    for (const [kind, [name]] of Object.entries(files)) {
      const r = await runCli(pypiLockArgs(p, join(p.dir, name), ['--format', 'json']));
      expect(pkg(doc(r.stdout), 'Tiny_Lib').error?.code, kind).toBe('ErrorMismatchHash');
      expect(r.status).toBe(1);
    }
  });
});
