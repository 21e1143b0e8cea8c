import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildNpmTree, type NpmTree, type NpmTreeSpec } from '../../src/tools/fixtures/npm-tree.js';
import { buildWheelhouse, type WheelSpec, type Wheelhouse } from '../../src/tools/fixtures/pypi-tree.js';

export const NPM_POLICY = `version: 1
builders: [https://github.com/actions/runner/github-hosted]
sourceRepositories: [github.com/slsa-verify-fixtures/hello-npm]
`;
export const PYPI_POLICY = `version: 1
sourceRepositories: [github.com/slsa-verify-fixtures/hello-py]
`;

export interface NpmProject {
  tree: NpmTree;
  dir: string;
  lockfile: string;
  tarballs: string;
  policy: string;
  trustedRoot: string;
  registryKeys: string;
}

/** A small npm project on disk: package-lock.json, ./tarballs (each with NAME-VERSION.tgz.attestations.json), policy, trust material. */
export function writeNpmProject(specs: readonly NpmTreeSpec[], policy = NPM_POLICY): NpmProject {
  const tree = buildNpmTree(specs);
  const dir = mkdtempSync(join(tmpdir(), 'slsa-verify-lock-npm-'));
  const tarballs = join(dir, 'tarballs');
  mkdirSync(tarballs);
  for (const p of tree.packages) {
    writeFileSync(join(tarballs, p.tarballName), p.tarball);
    writeFileSync(join(tarballs, `${p.tarballName}.attestations.json`), JSON.stringify(p.attestations));
  }
  const files = {
    lockfile: join(dir, 'package-lock.json'),
    policy: join(dir, 'policy.yaml'),
    trustedRoot: join(dir, 'trusted_root.json'),
    registryKeys: join(dir, 'keys.json'),
  };
  writeFileSync(files.lockfile, JSON.stringify(tree.lockfile, null, 2));
  writeFileSync(files.policy, policy);
  writeFileSync(files.trustedRoot, JSON.stringify(tree.trustedRoot));
  writeFileSync(files.registryKeys, JSON.stringify(tree.registryKeys));
  return { tree, dir, tarballs, ...files };
}

export function npmLockArgs(p: NpmProject, extra: string[] = []): string[] {
  return ['verify-lockfile', p.lockfile, '--artifacts', p.tarballs, '--policy', p.policy, '--trusted-root', p.trustedRoot, '--npm-registry-keys', p.registryKeys, ...extra];
}

export interface PypiProject {
  house: Wheelhouse;
  dir: string;
  wheels: string;
  requirements: string;
  pylock: string;
  policy: string;
  trustedRoot: string;
}

/** A wheelhouse on disk (each wheel with FILE.provenance), requirements.txt, pylock.toml, policy, trusted root. */
export function writePypiProject(specs: readonly WheelSpec[], policy = PYPI_POLICY): PypiProject {
  const house = buildWheelhouse(specs);
  const dir = mkdtempSync(join(tmpdir(), 'slsa-verify-lock-pypi-'));
  const wheels = join(dir, 'wheels');
  mkdirSync(wheels);
  for (const w of house.wheels) {
    writeFileSync(join(wheels, w.name), w.bytes);
    writeFileSync(join(wheels, `${w.name}.provenance`), JSON.stringify(w.provenance));
  }
  const files = { requirements: join(dir, 'requirements.txt'), pylock: join(dir, 'pylock.toml'), policy: join(dir, 'policy.yaml'), trustedRoot: join(dir, 'trusted_root.json') };
  writeFileSync(files.requirements, house.requirements);
  writeFileSync(files.pylock, house.pylock);
  writeFileSync(files.policy, policy);
  writeFileSync(files.trustedRoot, JSON.stringify(house.trustedRoot));
  return { house, dir, wheels, ...files };
}

export function pypiLockArgs(p: PypiProject, lockfile: string, extra: string[] = []): string[] {
  return ['verify-lockfile', lockfile, '--artifacts', p.wheels, '--policy', p.policy, '--trusted-root', p.trustedRoot, ...extra];
}
