import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { npmLockArgs, pypiLockArgs, writeNpmProject, writePypiProject } from '../lockfile/tree-files.js';
import { REPO, runCli } from './run-cli.js';

interface LockJson {
  schemaVersion: number;
  command: string;
  verdict: 'PASSED' | 'FAILED';
  error: { code: string; message: string } | null;
  packages: { name: string; version: string; result: string; error: { code: string } | null; publisher: { repository: string } | null; pin: string | null }[];
}

const OTHER_REPO = { owner: 'evil-fork', name: 'hello-npm', id: '999', ownerId: '998' };
const NPM_SPECS = [
  { name: 'left-pad', version: '1.3.0' },
  { name: '@acme/util', version: '2.0.1' },
  { name: 'tiny', version: '0.1.0' },
];

function json(stdout: string): LockJson {
  return JSON.parse(stdout) as LockJson;
}

function resultOf(doc: LockJson, name: string): LockJson['packages'][number] {
  const p = doc.packages.find((x) => x.name === name);
  if (!p) throw new Error(`no ${name}`);
  return p;
}

describe('verify-lockfile: package-lock.json', () => {
  it('verifies every locked package (text lines when not a terminal)', async () => {
    const p = writeNpmProject(NPM_SPECS);
    const r = await runCli(npmLockArgs(p));
    expect(r.stderr).toContain('Verifying npm package @acme/util@2.0.1: PASSED');
    expect(r.stderr).toContain('PASSED: lockfile verification passed (3 verified');
    expect(r.status).toBe(0);
  });

  it('reports JSON (schemaVersion 1) with the publisher of each package', async () => {
    const p = writeNpmProject(NPM_SPECS);
    const r = await runCli(npmLockArgs(p, ['--format', 'json']));
    const doc = json(r.stdout);
    expect(doc).toMatchObject({ schemaVersion: 1, command: 'verify-lockfile', verdict: 'PASSED', error: null });
    expect(resultOf(doc, 'tiny')).toMatchObject({ result: 'verified', publisher: { repository: 'github.com/slsa-verify-fixtures/hello-npm' } });
    expect(r.status).toBe(0);
  });

  it('fails a swapped tarball (integrity mismatch, ErrorMismatchHash) and only that package', async () => {
    const p = writeNpmProject(NPM_SPECS);
    const [a, b] = p.tree.packages;
    copyFileSync(join(p.tarballs, b!.tarballName), join(p.tarballs, a!.tarballName));
    const doc = json((await runCli(npmLockArgs(p, ['--format', 'json']))).stdout);
    expect(resultOf(doc, 'left-pad')).toMatchObject({ result: 'failed', error: { code: 'ErrorMismatchHash' } });
    expect(resultOf(doc, '@acme/util').result).toBe('verified');
    expect(doc.verdict).toBe('FAILED');
  });

  it('fails a lockfile whose integrity does not match the tarball', async () => {
    const p = writeNpmProject(NPM_SPECS);
    const lock = JSON.parse(readFileSync(p.lockfile, 'utf8')) as { packages: Record<string, { integrity: string }> };
    lock.packages['node_modules/tiny']!.integrity = `sha512-${Buffer.alloc(64, 7).toString('base64')}`;
    writeFileSync(p.lockfile, JSON.stringify(lock));
    const r = await runCli(npmLockArgs(p, ['--format', 'json']));
    expect(resultOf(json(r.stdout), 'tiny')).toMatchObject({ result: 'failed', error: { code: 'ErrorMismatchHash' } });
    expect(r.status).toBe(1);
  });

  it('fails a tarball and lockfile swapped together: the attestations are for another package', async () => {
    const p = writeNpmProject(NPM_SPECS);
    const [a, b] = p.tree.packages;
    copyFileSync(join(p.tarballs, `${b!.tarballName}.attestations.json`), join(p.tarballs, `${a!.tarballName}.attestations.json`));
    const r = await runCli(npmLockArgs(p, ['--format', 'json']));
    expect(resultOf(json(r.stdout), 'left-pad')).toMatchObject({ result: 'failed', error: { code: 'ErrorMismatchHash' } });
    expect(r.status).toBe(1);
  });

  it('fails another package passed off under a locked name (tarball, integrity and attestations all swapped)', async () => {
    const p = writeNpmProject(NPM_SPECS);
    const [a, b] = p.tree.packages;
    copyFileSync(join(p.tarballs, b!.tarballName), join(p.tarballs, a!.tarballName));
    copyFileSync(join(p.tarballs, `${b!.tarballName}.attestations.json`), join(p.tarballs, `${a!.tarballName}.attestations.json`));
    const lock = JSON.parse(readFileSync(p.lockfile, 'utf8')) as { packages: Record<string, { integrity: string }> };
    lock.packages['node_modules/left-pad']!.integrity = b!.integrity;
    writeFileSync(p.lockfile, JSON.stringify(lock));
    const r = await runCli(npmLockArgs(p, ['--format', 'json']));
    expect(resultOf(json(r.stdout), 'left-pad')).toMatchObject({ result: 'failed', error: { code: 'ErrorMismatchPackageName' } });
    expect(r.status).toBe(1);
  });

  it('fails a package published from another repository (ErrorMismatchSource)', async () => {
    const p = writeNpmProject([...NPM_SPECS.slice(0, 2), { name: 'tiny', version: '0.1.0', repository: OTHER_REPO }]);
    const r = await runCli(npmLockArgs(p, ['--format', 'json']));
    expect(resultOf(json(r.stdout), 'tiny')).toMatchObject({ result: 'failed', error: { code: 'ErrorMismatchSource' } });
    expect(r.status).toBe(1);
  });

  it('applies missingProvenance: require fails, warn and allow pass', async () => {
    const p = writeNpmProject(NPM_SPECS);
    rmSync(join(p.tarballs, `${p.tree.packages[2]!.tarballName}.attestations.json`));
    let r = await runCli(npmLockArgs(p, ['--format', 'json']));
    expect(resultOf(json(r.stdout), 'tiny')).toMatchObject({ result: 'failed', error: { code: 'ErrorNotPresent' } });
    expect(r.status).toBe(1);
    for (const rule of ['warn', 'allow'] as const) {
      writeFileSync(p.policy, `${readFileSync(p.policy, 'utf8').replace(/missingProvenance: \w+\n/, '')}missingProvenance: ${rule}\n`);
      r = await runCli(npmLockArgs(p, ['--format', 'json']));
      expect(resultOf(json(r.stdout), 'tiny').result).toBe(rule === 'warn' ? 'warned' : 'allowed');
      expect(r.status).toBe(0);
    }
  });

  it('fails a tarball missing from the directory, whatever the policy', async () => {
    const p = writeNpmProject(NPM_SPECS, `version: 1\nmissingProvenance: allow\nsourceRepositories: [github.com/slsa-verify-fixtures/hello-npm]\nbuilders: [https://github.com/actions/runner/github-hosted]\n`);
    rmSync(join(p.tarballs, p.tree.packages[0]!.tarballName));
    const r = await runCli(npmLockArgs(p, ['--format', 'json']));
    expect(resultOf(json(r.stdout), 'left-pad')).toMatchObject({ result: 'failed', error: { code: 'ErrorNotPresent' } });
    expect(r.status).toBe(1);
  });

  it('is a usage error (exit 2) for an unreadable lockfile or an invalid policy', async () => {
    const p = writeNpmProject(NPM_SPECS.slice(0, 1));
    expect((await runCli([...npmLockArgs(p).slice(0, 1), join(p.dir, 'nope.json'), ...npmLockArgs(p).slice(2)])).status).toBe(2);
    writeFileSync(p.policy, 'version: 1\nmissingProvenance: sometimes\n');
    const r = await runCli(npmLockArgs(p, ['--format', 'json']));
    expect(json(r.stdout).error?.code).toBe('ErrorInvalidPolicy');
    expect(r.status).toBe(2);
  });
});

describe('verify-lockfile: large trees', () => {
  it('judges a tree across worker threads in lockfile order, one tampered package failing', async () => {
    const specs = Array.from({ length: 70 }, (_, i) => ({ name: `pkg-${i}`, version: `1.0.${i}` }));
    const p = writeNpmProject(specs);
    const victim = p.tree.packages[60]!;
    writeFileSync(join(p.tarballs, `${victim.tarballName}.attestations.json`), JSON.stringify(p.tree.packages[0]!.attestations));
    const r = await runCli(npmLockArgs(p, ['--format', 'json']));
    const doc = json(r.stdout);
    expect(doc.packages.map((x) => x.name)).toEqual(specs.map((s) => s.name));
    expect(doc.packages.filter((x) => x.result !== 'verified').map((x) => [x.name, x.error?.code])).toEqual([['pkg-60', 'ErrorMismatchHash']]);
    expect(r.status).toBe(1);
  });

  it('fails a lockfile that locks nothing', async () => {
    const p = writeNpmProject(NPM_SPECS.slice(0, 1));
    writeFileSync(p.lockfile, JSON.stringify({ lockfileVersion: 3, packages: { '': { name: 'app' } } }));
    const r = await runCli(npmLockArgs(p, ['--format', 'json']));
    expect(json(r.stdout).error?.code).toBe('ErrorNotPresent');
    expect(r.status).toBe(1);
  });
});

describe('verify-lockfile: publisher pins', () => {
  it('records publishers on first use, then refuses another repository and a provenance downgrade (ErrorPinMismatch)', async () => {
    const p = writeNpmProject(NPM_SPECS);
    const pins = join(p.dir, 'pins.json');
    let r = await runCli(npmLockArgs(p, ['--pins', pins, '--format', 'json']));
    expect(json(r.stdout).packages.map((x) => x.pin)).toEqual(['recorded', 'recorded', 'recorded']);
    const saved = JSON.parse(readFileSync(pins, 'utf8')) as { pins: Record<string, { repository: string }> };
    expect(saved.pins['npm:tiny']?.repository).toBe('github.com/slsa-verify-fixtures/hello-npm');
    r = await runCli(npmLockArgs(p, ['--pins', pins, '--format', 'json']));
    expect(json(r.stdout).packages.map((x) => x.pin)).toEqual(['matched', 'matched', 'matched']);

    // Provenance removed under a pin, although the policy allows packages without provenance.
    writeFileSync(p.policy, `${readFileSync(p.policy, 'utf8')}missingProvenance: allow\n`);
    rmSync(join(p.tarballs, `${p.tree.packages[1]!.tarballName}.attestations.json`));
    r = await runCli(npmLockArgs(p, ['--pins', pins, '--format', 'json']));
    expect(resultOf(json(r.stdout), '@acme/util')).toMatchObject({ result: 'failed', error: { code: 'ErrorPinMismatch' } });
    expect(r.status).toBe(1);
    r = await runCli(npmLockArgs(p, ['--pins', pins, '--update-pins', '--format', 'json']));
    expect(resultOf(json(r.stdout), '@acme/util')).toMatchObject({ result: 'allowed', pin: 'removed' });
    expect(r.status).toBe(0);
    expect(existsSync(pins)).toBe(true);
  });

  it('refuses a publisher that changed repository, unless --update-pins', async () => {
    const first = writeNpmProject(NPM_SPECS, `version: 1\nbuilders: [https://github.com/actions/runner/github-hosted]\npackages:\n  - match: tiny\n    sourceRepositories: [github.com/evil-fork/hello-npm]\nsourceRepositories: [github.com/slsa-verify-fixtures/hello-npm]\n`);
    const pins = join(first.dir, 'pins.json');
    writeFileSync(pins, JSON.stringify({ schemaVersion: 1, pins: { 'npm:tiny': { repository: 'github.com/slsa-verify-fixtures/hello-npm', workflow: '.github/workflows/publish.yml', builder: 'https://github.com/actions/runner/github-hosted' } } }));
    const moved = writeNpmProject([...NPM_SPECS.slice(0, 2), { name: 'tiny', version: '0.1.0', repository: OTHER_REPO }], readFileSync(first.policy, 'utf8'));
    let r = await runCli(npmLockArgs(moved, ['--pins', pins, '--format', 'json']));
    expect(resultOf(json(r.stdout), 'tiny')).toMatchObject({ result: 'failed', error: { code: 'ErrorPinMismatch' }, pin: 'mismatch' });
    expect(r.status).toBe(1);
    r = await runCli(npmLockArgs(moved, ['--pins', pins, '--update-pins', '--format', 'json']));
    expect(resultOf(json(r.stdout), 'tiny')).toMatchObject({ result: 'verified', pin: 'updated' });
    expect(r.status).toBe(0);
  });
});

describe('verify-lockfile: Python', () => {
  const SPECS = [
    { project: 'requests', version: '2.32.0' },
    { project: 'my.pkg', version: '1.0' },
  ];

  it('verifies a requirements.txt with hashes and a pylock.toml', async () => {
    const p = writePypiProject(SPECS);
    for (const lock of [p.requirements, p.pylock]) {
      const r = await runCli(pypiLockArgs(p, lock, ['--format', 'json']));
      expect(json(r.stdout)).toMatchObject({ verdict: 'PASSED' });
      expect(json(r.stdout).packages.map((x) => x.result)).toEqual(['verified', 'verified']);
      expect(r.status).toBe(0);
    }
  });

  it('fails a swapped wheel (ErrorMismatchHash), a foreign publisher (ErrorMismatchSource), missing provenance (ErrorNotPresent)', async () => {
    const p = writePypiProject(SPECS);
    const [a, b] = p.house.wheels;
    writeFileSync(join(p.wheels, a!.name), b!.bytes);
    let r = await runCli(pypiLockArgs(p, p.requirements, ['--format', 'json']));
    expect(resultOf(json(r.stdout), 'requests')).toMatchObject({ result: 'failed', error: { code: 'ErrorMismatchHash' } });
    expect(r.status).toBe(1);

    const q = writePypiProject([SPECS[0]!, { ...SPECS[1]!, repository: { owner: 'evil-fork', name: 'hello-py', id: '1', ownerId: '2' } }]);
    r = await runCli(pypiLockArgs(q, q.pylock, ['--format', 'json']));
    expect(resultOf(json(r.stdout), 'my.pkg')).toMatchObject({ result: 'failed', error: { code: 'ErrorMismatchSource' } });

    rmSync(join(q.wheels, `${q.house.wheels[0]!.name}.provenance`));
    r = await runCli(pypiLockArgs(q, q.requirements, ['--format', 'json']));
    expect(resultOf(json(r.stdout), 'requests')).toMatchObject({ result: 'failed', error: { code: 'ErrorNotPresent' } });
  });
});

describe('verify-lockfile: the README example', () => {
  /** The sh block of README.md that gates `npm ci`, with the install replaced by an echo (no network). */
  function readmeScript(): string {
    const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
    const block = /```sh\n(#!\/usr\/bin\/env bash\n[^`]*verify-lockfile package-lock\.json[^`]*)```/.exec(readme)?.[1];
    if (!block) throw new Error('README example not found');
    expect(block).toContain('npm ci --offline');
    return block.replace('npm ci --offline', 'echo INSTALLING');
  }

  /** `slsa-verify` on PATH, pointed at the test PKI's trust material (the example relies on the embedded one). */
  function shim(p: ReturnType<typeof writeNpmProject>): string {
    const bin = join(p.dir, 'bin');
    mkdirSync(bin);
    const script = `#!/usr/bin/env bash\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(join(REPO, 'bin/slsa-verify'))} "$@" --trusted-root ${JSON.stringify(p.trustedRoot)} --npm-registry-keys ${JSON.stringify(p.registryKeys)}\n`;
    writeFileSync(join(bin, 'slsa-verify'), script);
    chmodSync(join(bin, 'slsa-verify'), 0o755);
    return bin;
  }

  it('installs a verified tree and refuses a tampered one', () => {
    const script = readmeScript();
    const p = writeNpmProject(NPM_SPECS);
    const run = () => spawnSync('bash', ['-c', script], { cwd: p.dir, encoding: 'utf8', env: { PATH: `${shim(p)}:${process.env.PATH ?? ''}`, NO_COLOR: '1' } });
    let r = run();
    expect(r.stdout).toContain('INSTALLING');
    expect(r.status).toBe(0);
    rmSync(join(p.dir, 'bin'), { recursive: true });
    copyFileSync(join(p.tarballs, p.tree.packages[1]!.tarballName), join(p.tarballs, p.tree.packages[0]!.tarballName));
    r = run();
    expect(r.stdout).not.toContain('INSTALLING');
    expect(r.stderr).toContain('refusing to install');
    expect(r.stderr).toContain('Verifying npm package left-pad@1.3.0: FAILED');
    expect(r.status).toBe(1);
  });
});
