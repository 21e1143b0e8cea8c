import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildNpmFixture, type NpmFixture, type NpmFixtureOptions } from '../../src/tools/fixtures/npm.js';

export interface NpmFixtureFiles {
  fixture: NpmFixture;
  dir: string;
  tarball: string;
  attestations: string;
  trustedRoot: string;
  registryKeys: string;
}

/** Writes an npm fixture (signed by the test PKI) to a fresh temporary directory. */
export function writeNpmFixture(options: NpmFixtureOptions = {}, tarballOverride?: Buffer): NpmFixtureFiles {
  const fixture = buildNpmFixture(options);
  const dir = mkdtempSync(join(tmpdir(), 'slsa-verify-npm-'));
  const files = {
    tarball: join(dir, 'hello-1.0.0.tgz'),
    attestations: join(dir, 'attestations.json'),
    trustedRoot: join(dir, 'trusted_root.json'),
    registryKeys: join(dir, 'keys.json'),
  };
  writeFileSync(files.tarball, tarballOverride ?? fixture.tarball);
  writeFileSync(files.attestations, JSON.stringify(fixture.attestations));
  writeFileSync(files.trustedRoot, JSON.stringify(fixture.trustedRoot));
  writeFileSync(files.registryKeys, JSON.stringify(fixture.registryKeys));
  return { fixture, dir, ...files };
}

/** The CLI arguments that verify the fixture as published. */
export function npmArgs(f: NpmFixtureFiles, overrides: Record<string, string> = {}, extra: string[] = []): string[] {
  const flags: Record<string, string> = {
    '--attestations-path': f.attestations,
    '--source-uri': f.fixture.sourceUri,
    '--builder-id': f.fixture.builderId,
    '--package-name': f.fixture.packageName,
    '--package-version': f.fixture.version,
    '--trusted-root': f.trustedRoot,
    '--npm-registry-keys': f.registryKeys,
    ...overrides,
  };
  return ['verify-npm-package', f.tarball, ...Object.entries(flags).flat(), ...extra];
}
