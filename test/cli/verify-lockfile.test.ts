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

describe('verify-lockfile: hostile names, refs and repositories', () => {
  const HOSTED = 'https://github.com/actions/runner/github-hosted';
  const policyWith = (body: string) => `version: 1\nbuilders: [${HOSTED}]\nsourceRepositories: [github.com/slsa-verify-fixtures/hello-npm]\n${body}`;

  it('does not select match: left-pad for @evil/left-pad, nor let * cross a scope', async () => {
    const p = writeNpmProject(
      [{ name: '@evil/left-pad', version: '1.0.0', repository: OTHER_REPO }, { name: 'left-pad', version: '1.3.0', repository: OTHER_REPO }],
      policyWith('packages:\n  - match: left-pad\n    sourceRepositories: [github.com/evil-fork/hello-npm]\n'),
    );
    const doc = json((await runCli(npmLockArgs(p, ['--format', 'json']))).stdout);
    expect(resultOf(doc, '@evil/left-pad')).toMatchObject({ result: 'failed', error: { code: 'ErrorMismatchSource' } });
    expect(resultOf(doc, 'left-pad').result).toBe('verified');

    const q = writeNpmProject(NPM_SPECS, policyWith('packages:\n  - match: "*"\n    missingProvenance: allow\n'));
    for (const pkg of q.tree.packages) rmSync(join(q.tarballs, `${pkg.tarballName}.attestations.json`));
    const r = await runCli(npmLockArgs(q, ['--format', 'json']));
    expect(resultOf(json(r.stdout), 'tiny').result).toBe('allowed');
    expect(resultOf(json(r.stdout), '@acme/util')).toMatchObject({ result: 'failed', error: { code: 'ErrorNotPresent' } });
    expect(r.status).toBe(1);
  });

  it('fails an npm name that matches a policy entry only when case is ignored (ErrorPolicyViolation)', async () => {
    const p = writeNpmProject([{ name: 'Left-Pad', version: '1.3.0' }, { name: 'tiny', version: '0.1.0' }], policyWith('packages:\n  - match: left-pad\n    missingProvenance: allow\n'));
    const r = await runCli(npmLockArgs(p, ['--format', 'json']));
    expect(resultOf(json(r.stdout), 'Left-Pad')).toMatchObject({ result: 'failed', error: { code: 'ErrorPolicyViolation' } });
    expect(resultOf(json(r.stdout), 'tiny').result).toBe('verified');
    expect(r.status).toBe(1);
  });

  it('refuses a publish from a ref that neither branches nor tags admit, and a branch named like an allowed tag', async () => {
    const p = writeNpmProject(
      [
        { name: 'left-pad', version: '1.3.0' },
        { name: 'tiny', version: '0.1.0', ref: 'refs/pull/7/merge' },
        { name: 'on-main', version: '1.0.0', ref: 'refs/heads/main' },
        { name: 'branch-v1', version: '1.0.0', ref: 'refs/heads/v1.0.0' },
      ],
      policyWith('branches: [main]\ntags: ["v*"]\n'),
    );
    const doc = json((await runCli(npmLockArgs(p, ['--format', 'json']))).stdout);
    expect(doc.packages.map((x) => [x.name, x.result, x.error?.code ?? null])).toEqual([
      ['left-pad', 'verified', null],
      ['tiny', 'failed', 'ErrorMismatchBranch'],
      ['on-main', 'verified', null],
      ['branch-v1', 'failed', 'ErrorMismatchBranch'],
    ]);
  });

  it('compares repositories canonically: another spelling of the real one passes, a fork whose name starts with it fails', async () => {
    const prefixFork = { owner: 'slsa-verify-fixtures', name: 'hello-npm-evil', id: '873205556', ownerId: '201467592' };
    const p = writeNpmProject(
      [{ name: 'left-pad', version: '1.3.0' }, { name: 'tiny', version: '0.1.0', repository: prefixFork }],
      `version: 1\nbuilders: [${HOSTED}]\nsourceRepositories: ["git+https://github.com/slsa-verify-fixtures/hello-npm.git/"]\n`,
    );
    const doc = json((await runCli(npmLockArgs(p, ['--format', 'json']))).stdout);
    expect(resultOf(doc, 'left-pad').result).toBe('verified');
    expect(resultOf(doc, 'tiny')).toMatchObject({ result: 'failed', error: { code: 'ErrorMismatchSource' } });
  });
});

describe('verify-lockfile: hostile lockfiles', () => {
  /** A package-lock.json text with `extra` spliced into the entry of `key` (so keys can repeat, as JSON.stringify never writes). */
  const splice = (p: ReturnType<typeof writeNpmProject>, key: string, extra: string): void => {
    const text = readFileSync(p.lockfile, 'utf8');
    const at = text.indexOf(`"${key}": {`) + `"${key}": {`.length;
    writeFileSync(p.lockfile, `${text.slice(0, at)}${extra}${text.slice(at)}`);
  };
  const expectUsage = async (args: string[], label: string) => {
    const r = await runCli(args);
    expect(json(r.stdout).error?.code, label).toBe('ErrorUsage');
    expect(json(r.stdout).verdict, label).toBe('FAILED');
    expect(r.status, label).toBe(2);
  };

  it('refuses a package-lock.json with a repeated key, a __proto__ key, one package locked twice differently (exit 2)', async () => {
    const bad = `sha512-${Buffer.alloc(64, 7).toString('base64')}`;
    let p = writeNpmProject(NPM_SPECS);
    // A second "node_modules/tiny" after the real one: JSON.parse (and npm) would keep the last.
    const text = readFileSync(p.lockfile, 'utf8');
    writeFileSync(p.lockfile, text.replace('"node_modules/tiny": {', `"node_modules/tiny": { "version": "0.1.0", "resolved": "https://x/tiny.tgz", "integrity": "${bad}" },\n    "node_modules/tiny": {`));
    await expectUsage(npmLockArgs(p, ['--format', 'json']), 'repeated key');

    p = writeNpmProject(NPM_SPECS);
    splice(p, 'node_modules/tiny', '"__proto__": { "link": true }, ');
    await expectUsage(npmLockArgs(p, ['--format', 'json']), '__proto__ key');

    p = writeNpmProject(NPM_SPECS);
    splice(p, 'node_modules/tiny', '"integrity": "x", ');
    await expectUsage(npmLockArgs(p, ['--format', 'json']), 'repeated field');

    p = writeNpmProject(NPM_SPECS);
    const lock = JSON.parse(readFileSync(p.lockfile, 'utf8')) as { packages: Record<string, object> };
    lock.packages['node_modules/left-pad/node_modules/tiny'] = { version: '0.1.0', resolved: 'https://x/tiny.tgz', integrity: bad };
    writeFileSync(p.lockfile, JSON.stringify(lock));
    await expectUsage(npmLockArgs(p, ['--format', 'json']), 'locked twice');
  });

  it('refuses a package with an empty name (no tarball can be it)', async () => {
    const p = writeNpmProject(NPM_SPECS);
    const lock = JSON.parse(readFileSync(p.lockfile, 'utf8')) as { packages: Record<string, object> };
    lock.packages['node_modules/'] = { version: '1.0.0', resolved: 'https://x/x.tgz', integrity: p.tree.packages[0]!.integrity };
    writeFileSync(p.lockfile, JSON.stringify(lock));
    const r = await runCli(npmLockArgs(p, ['--format', 'json']));
    expect(json(r.stdout).verdict).toBe('FAILED');
    expect(json(r.stdout).error?.code).toBe('ErrorInvalidPackageName');
    expect(r.status).toBe(1);
  });

  it('refuses a requirements.txt or pylock.toml that says two things about one project (exit 2)', async () => {
    const p = writePypiProject([{ project: 'Hello_Py', version: '1.0.0' }]);
    const wheel = p.house.wheels[0]!;
    writeFileSync(p.requirements, `Hello_Py==1.0.0 --hash=sha256:${wheel.sha256}\nhello.py==1.0.0 --hash=sha256:${'0'.repeat(64)}\n`);
    await expectUsage(pypiLockArgs(p, p.requirements, ['--format', 'json']), 'requirements');
    const entry = (name: string, hash: string) => `{ name = "${name}", hashes = { sha256 = "${hash}" } }`;
    const head = 'lock-version = "1.0"\n[[packages]]\nname = "Hello_Py"\nversion = "1.0.0"\n';
    writeFileSync(p.pylock, `${head}wheels = [${entry(wheel.name, wheel.sha256)}, ${entry(wheel.name, '0'.repeat(64))}]\n`);
    await expectUsage(pypiLockArgs(p, p.pylock, ['--format', 'json']), 'pylock file twice');
    writeFileSync(p.pylock, `${head.replace('Hello_Py', 'requests')}wheels = [${entry(wheel.name, wheel.sha256)}]\n`);
    await expectUsage(pypiLockArgs(p, p.pylock, ['--format', 'json']), 'pylock foreign file');
  });
});

describe('verify-lockfile: PyPI names are canonical (PEP 503) for policy and pins', () => {
  const PY_REPO = 'github.com/slsa-verify-fixtures/hello-py';
  const FOREIGN = { repository: 'github.com/evil-fork/hello-py', workflow: '.github/workflows/release.yml', builder: 'https://token.actions.githubusercontent.com' };

  it('selects match: hello-py for Hello_Py==1.0.0', async () => {
    const p = writePypiProject([{ project: 'Hello_Py', version: '1.0.0' }], `version: 1\nmissingProvenance: allow\npackages:\n  - match: hello-py\n    sourceRepositories: [${PY_REPO}]\n    missingProvenance: require\n`);
    let r = await runCli(pypiLockArgs(p, p.requirements, ['--format', 'json']));
    expect(resultOf(json(r.stdout), 'Hello_Py').result).toBe('verified');
    rmSync(join(p.wheels, `${p.house.wheels[0]!.name}.provenance`));
    r = await runCli(pypiLockArgs(p, p.requirements, ['--format', 'json']));
    expect(resultOf(json(r.stdout), 'Hello_Py')).toMatchObject({ result: 'failed', error: { code: 'ErrorNotPresent' } });
    expect(r.status).toBe(1);
  });

  it('holds Hello_Py to the pin of hello-py, also under a key an older version wrote', async () => {
    const p = writePypiProject([{ project: 'Hello_Py', version: '1.0.0' }]);
    const pins = join(p.dir, 'pins.json');
    for (const key of ['pypi:hello-py', 'pypi:HELLO.py']) {
      writeFileSync(pins, JSON.stringify({ schemaVersion: 1, pins: { [key]: FOREIGN } }));
      const r = await runCli(pypiLockArgs(p, p.requirements, ['--pins', pins, '--format', 'json']));
      expect(resultOf(json(r.stdout), 'Hello_Py'), key).toMatchObject({ result: 'failed', error: { code: 'ErrorPinMismatch' }, pin: 'mismatch' });
      expect(r.status).toBe(1);
    }
    const r = await runCli(pypiLockArgs(p, p.requirements, ['--pins', pins, '--update-pins', '--format', 'json']));
    expect(resultOf(json(r.stdout), 'Hello_Py').pin).toBe('updated');
    expect(Object.keys((JSON.parse(readFileSync(pins, 'utf8')) as { pins: object }).pins)).toEqual(['pypi:hello-py']);
  });

  it('refuses a pins file with keys that disagree about one package, repeat, or cannot be keys (exit 2, file untouched)', async () => {
    const p = writePypiProject([{ project: 'Hello_Py', version: '1.0.0' }]);
    const pins = join(p.dir, 'pins.json');
    const mine = { repository: PY_REPO, workflow: '.github/workflows/release.yml', builder: FOREIGN.builder };
    const id = JSON.stringify(FOREIGN);
    const texts = [
      JSON.stringify({ schemaVersion: 1, pins: { 'pypi:Hello_Py': mine, 'pypi:hello-py': FOREIGN } }),
      `{"schemaVersion":1,"pins":{"pypi:hello-py":${JSON.stringify(mine)},"pypi:hello-py":${id}}}`,
      `{"schemaVersion":1,"pins":{"__proto__":${id}}}`,
      `{"schemaVersion":1,"pins":{"hello-py":${id}}}`,
      `{"schemaVersion":1,"schemaVersion":1,"pins":{}}`,
    ];
    for (const text of texts) {
      writeFileSync(pins, text);
      const r = await runCli(pypiLockArgs(p, p.requirements, ['--pins', pins, '--update-pins', '--format', 'json']));
      expect(json(r.stdout).error?.code, text).toBe('ErrorUsage');
      expect(r.status, text).toBe(2);
      expect(readFileSync(pins, 'utf8'), text).toBe(text);
    }
  });
});

describe('verify-lockfile: pins are written only by a passing run', () => {
  it('records nothing, and updates nothing, when any package fails', async () => {
    const p = writeNpmProject(NPM_SPECS);
    const pins = join(p.dir, 'pins.json');
    rmSync(join(p.tarballs, p.tree.packages[2]!.tarballName));
    let r = await runCli(npmLockArgs(p, ['--pins', pins, '--format', 'json']));
    expect(r.status).toBe(1);
    expect(existsSync(pins)).toBe(false);
    // The text summary of a failed run does not claim it pinned anything.
    const textRun = await runCli(npmLockArgs(p, ['--pins', pins]));
    expect(textRun.status).toBe(1);
    expect(textRun.stderr + textRun.stdout).not.toContain('pinned on first use');
    expect(existsSync(pins)).toBe(false);
    const foreign = { repository: 'github.com/evil-fork/hello-npm', workflow: '.github/workflows/publish.yml', builder: 'https://github.com/actions/runner/github-hosted' };
    const text = JSON.stringify({ schemaVersion: 1, pins: { 'npm:left-pad': foreign } });
    writeFileSync(pins, text);
    r = await runCli(npmLockArgs(p, ['--pins', pins, '--update-pins', '--format', 'json']));
    expect(r.status).toBe(1);
    expect(readFileSync(pins, 'utf8')).toBe(text);
  });
});

describe('verify-lockfile: npm case variants share one pin', () => {
  it('holds Left-Pad to the publisher pinned for left-pad', async () => {
    const p = writeNpmProject([{ name: 'Left-Pad', version: '1.3.0' }]);
    const pins = join(p.dir, 'pins.json');
    writeFileSync(pins, JSON.stringify({ schemaVersion: 1, pins: { 'npm:left-pad': { repository: 'github.com/evil-fork/hello-npm', workflow: '.github/workflows/publish.yml', builder: 'https://github.com/actions/runner/github-hosted' } } }));
    const r = await runCli(npmLockArgs(p, ['--pins', pins, '--format', 'json']));
    expect(resultOf(json(r.stdout), 'Left-Pad')).toMatchObject({ result: 'failed', error: { code: 'ErrorPinMismatch' } });
    expect(r.status).toBe(1);
  });
});

describe('verify-lockfile: the policy holds for PyPI packages too', () => {
  const SOURCE_RULE = 'sourceRepositories: [github.com/slsa-verify-fixtures/hello-py]\n';

  it('refuses a publish from a ref the branches and tags do not admit, and rules PEP 740 cannot show', async () => {
    const p = writePypiProject(
      [
        { project: 'tagged', version: '1.0.0' },
        { project: 'from-pull', version: '1.0.0', ref: 'refs/pull/7/merge' },
        { project: 'on-main', version: '1.0.0', ref: 'refs/heads/main' },
        { project: 'on-dev', version: '1.0.0', ref: 'refs/heads/dev' },
      ],
      `version: 1\n${SOURCE_RULE}branches: [main]\ntags: ["v*"]\nrequireHostedRunners: true\nminSlsaBuildLevel: 2\n`,
    );
    const doc = json((await runCli(pypiLockArgs(p, p.requirements, ['--format', 'json']))).stdout);
    expect(doc.packages.map((x) => [x.name, x.result, x.error?.code ?? null])).toEqual([
      ['tagged', 'verified', null],
      ['from-pull', 'failed', 'ErrorMismatchBranch'],
      ['on-main', 'verified', null],
      ['on-dev', 'failed', 'ErrorMismatchBranch'],
    ]);
    for (const rule of ['minSlsaBuildLevel: 3\n', 'builders: [https://github.com/actions/runner/github-hosted]\n', 'workflowInputs: { publish: "true" }\n', 'predicateTypes: [https://slsa.dev/provenance/v1]\n']) {
      writeFileSync(p.policy, `version: 1\n${SOURCE_RULE}${rule}`);
      const r = await runCli(pypiLockArgs(p, p.requirements, ['--format', 'json']));
      expect(resultOf(json(r.stdout), 'tagged'), rule).toMatchObject({ result: 'failed', error: { code: 'ErrorPolicyViolation' } });
      expect(r.status).toBe(1);
    }
  });
});
