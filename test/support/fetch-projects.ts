import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildNpmTree, type NpmTree, type NpmTreeSpec } from '../../src/tools/fixtures/npm-tree.js';
import { buildWheelhouse, type WheelSpec, type Wheelhouse } from '../../src/tools/fixtures/pypi-tree.js';
import { startNpmRegistry, type NpmRegistryOptions, type NpmRegistryStandIn } from '../../src/tools/stand-ins/npm-registry.js';
import { startPackageIndex, type PackageIndexStandIn } from '../../src/tools/stand-ins/package-index.js';

/** An npm project whose lockfile's packages are served by a stand-in registry on 127.0.0.1 (set in the project's .npmrc). */
export interface FetchNpmProject {
  tree: NpmTree;
  registry: NpmRegistryStandIn;
  dir: string;
  home: string;
  lockfile: string;
  trustedRoot: string;
  registryKeys: string;
}

export async function startNpmProject(specs: readonly NpmTreeSpec[], options: Partial<NpmRegistryOptions> = {}, npmrc = ''): Promise<FetchNpmProject> {
  const tree = buildNpmTree(specs);
  const registry = await startNpmRegistry({ packages: tree.packages, registryKeys: tree.registryKeys, ...options });
  const dir = mkdtempSync(join(tmpdir(), 'slsa-verify-fetch-npm-'));
  const home = mkdtempSync(join(tmpdir(), 'slsa-verify-home-'));
  const files = { lockfile: join(dir, 'package-lock.json'), trustedRoot: join(dir, 'trusted_root.json'), registryKeys: join(dir, 'keys.json') };
  writeFileSync(files.lockfile, JSON.stringify(tree.lockfile, null, 2));
  writeFileSync(files.trustedRoot, JSON.stringify(tree.trustedRoot));
  writeFileSync(files.registryKeys, JSON.stringify(tree.registryKeys));
  writeFileSync(join(dir, '.npmrc'), `registry=${registry.url}\n${npmrc}`);
  return { tree, registry, dir, home, ...files };
}

export function npmFetchArgs(p: FetchNpmProject, extra: string[] = []): string[] {
  return ['verify-lockfile', p.lockfile, '--trusted-root', p.trustedRoot, '--npm-registry-keys', p.registryKeys, ...extra];
}

/** A Python project whose pins are served by a stand-in package index. */
export interface FetchPypiProject {
  house: Wheelhouse;
  index: PackageIndexStandIn;
  dir: string;
  requirements: string;
  pylock: string;
  poetry: string;
  pipfile: string;
  uv: string;
  trustedRoot: string;
}

export async function startPypiProject(specs: readonly WheelSpec[]): Promise<FetchPypiProject> {
  const house = buildWheelhouse(specs);
  const index = await startPackageIndex({ wheels: house.wheels });
  const dir = mkdtempSync(join(tmpdir(), 'slsa-verify-fetch-pypi-'));
  const files = {
    requirements: join(dir, 'requirements.txt'),
    pylock: join(dir, 'pylock.toml'),
    poetry: join(dir, 'poetry.lock'),
    pipfile: join(dir, 'Pipfile.lock'),
    uv: join(dir, 'uv.lock'),
    trustedRoot: join(dir, 'trusted_root.json'),
  };
  writeFileSync(files.requirements, house.requirements);
  writeFileSync(files.pylock, house.pylock);
  writeFileSync(files.poetry, house.poetryLock);
  writeFileSync(files.pipfile, house.pipfileLock);
  writeFileSync(files.uv, house.uvLock);
  writeFileSync(files.trustedRoot, JSON.stringify(house.trustedRoot));
  return { house, index, dir, ...files };
}

export function pypiFetchArgs(p: FetchPypiProject, lockfile: string, extra: string[] = []): string[] {
  return ['verify-lockfile', lockfile, '--index-url', `${p.index.url}simple/`, '--trusted-root', p.trustedRoot, ...extra];
}
