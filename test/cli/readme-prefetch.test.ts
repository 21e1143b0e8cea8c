import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startNpmProject, startPypiProject } from '../support/fetch-projects.js';
import { REPO, runCli } from './run-cli.js';

/** The README's pre-install examples: each `slsa-verify ...` command, run against the stand-in registry and index. */
function examples(): string[][] {
  const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
  const block = readme.split('#### Before installing: verify a lockfile by its digests')[1]!.split('```sh\n')[1]!.split('\n```')[0]!;
  return block
    .split('\n')
    .filter((l) => l.startsWith('slsa-verify '))
    .map((l) => l.split(' && ')[0]!.split(/\s+/).slice(1));
}

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

describe('README pre-install examples run against the stand-ins', () => {
  it('npm, Python and the air gap pass; a changed publisher then fails', async () => {
    const [npmExample, pyExample, , fetchExample, offlineExample] = examples();
    expect(npmExample).toEqual(['verify-lockfile', 'package-lock.json', '--pins', '.slsa-pins.json']);

    const npm = await startNpmProject([{ name: 'left-pad', version: '1.3.0' }, { name: 'tiny', version: '0.1.0' }]);
    open.push(npm.registry);
    // Paths relative to the project, as a user runs them there; the fixture PKI replaces the public-good trust.
    const inProject = (args: string[]) => args.map((a) => (/^(package-lock\.json|requirements\.txt|\.slsa-pins\.json|evidence\/)$/.test(a) ? join(npm.dir, a) : a));
    const trust = ['--trusted-root', npm.trustedRoot, '--npm-registry-keys', npm.registryKeys];
    const env = { HOME: npm.home };
    expect((await runCli([...inProject(npmExample!), ...trust], env)).status).toBe(0);
    expect((await runCli([...inProject(fetchExample!)], env)).status).toBe(0);
    await npm.registry.close();
    expect((await runCli([...inProject(offlineExample!), ...trust], env)).status).toBe(0);

    const py = await startPypiProject([{ project: 'hello-py', version: '1.0.0' }]);
    open.push(py.index);
    const pyArgs = pyExample!.map((a) => (a === 'requirements.txt' ? py.requirements : a === '.slsa-pins.json' ? join(py.dir, 'pins.json') : a));
    const pyRun = () => runCli([...pyArgs, '--index-url', `${py.index.url}simple/`, '--trusted-root', py.trustedRoot]);
    expect((await pyRun()).status).toBe(0);
    const pins = JSON.parse(readFileSync(join(py.dir, 'pins.json'), 'utf8')) as { pins: Record<string, { repository: string }> };
    pins.pins['pypi:hello-py']!.repository = 'github.com/someone-else/hello-py';
    writeFileSync(join(py.dir, 'pins.json'), JSON.stringify(pins));
    expect((await pyRun()).status).toBe(1);
  });

  it('uv: passes, then a changed publisher fails', async () => {
    const uvExample = examples().find((e) => e[1] === 'uv.lock');
    expect(uvExample).toEqual(['verify-lockfile', 'uv.lock', '--pins', '.slsa-pins.json']);
    const py = await startPypiProject([{ project: 'hello-py', version: '1.0.0' }]);
    open.push(py.index);
    const args = uvExample!.map((a) => (a === 'uv.lock' ? py.uv : a === '.slsa-pins.json' ? join(py.dir, 'pins.json') : a));
    const run = () => runCli([...args, '--index-url', `${py.index.url}simple/`, '--trusted-root', py.trustedRoot]);
    expect((await run()).status).toBe(0);
    const pins = JSON.parse(readFileSync(join(py.dir, 'pins.json'), 'utf8')) as { pins: Record<string, { repository: string }> };
    pins.pins['pypi:hello-py']!.repository = 'github.com/someone-else/hello-py';
    writeFileSync(join(py.dir, 'pins.json'), JSON.stringify(pins));
    expect((await run()).status).toBe(1);
  });
});
