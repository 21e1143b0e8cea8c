import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildPypiFixture, type PypiFixture, type PypiFixtureOptions } from '../../src/tools/fixtures/pypi.js';

export interface PypiFixtureFiles {
  fixture: PypiFixture;
  /** A wheelhouse: both distributions, each with FILE.provenance beside it. */
  dir: string;
  wheel: string;
  sdist: string;
  trustedRoot: string;
}

/** Writes a PyPI fixture (signed by the test PKI) to a fresh temporary directory. */
export function writePypiFixture(options: PypiFixtureOptions = {}): PypiFixtureFiles {
  const fixture = buildPypiFixture(options);
  const dir = mkdtempSync(join(tmpdir(), 'slsa-verify-pypi-'));
  const trustedRoot = join(mkdtempSync(join(tmpdir(), 'slsa-verify-pypi-root-')), 'trusted_root.json');
  writeFileSync(trustedRoot, JSON.stringify(fixture.trustedRoot));
  const paths = { wheel: join(dir, fixture.wheel.name), sdist: join(dir, fixture.sdist.name) };
  for (const [dist, path] of [[fixture.wheel, paths.wheel], [fixture.sdist, paths.sdist]] as const) {
    writeFileSync(path, dist.bytes);
    writeFileSync(`${path}.provenance`, JSON.stringify(dist.provenance));
  }
  return { fixture, dir, trustedRoot, ...paths };
}

/** The CLI arguments that verify one distribution of the fixture as published. */
export function pypiArgs(f: PypiFixtureFiles, dist: string, extra: string[] = []): string[] {
  return ['verify-pypi', dist, '--provenance', `${dist}.provenance`, '--repository', f.fixture.repositoryUrl, '--trusted-root', f.trustedRoot, ...extra];
}

/** The CLI arguments that verify one distribution of a Google-published fixture. */
export function pypiGoogleArgs(f: PypiFixtureFiles, dist: string, serviceAccount: string, extra: string[] = []): string[] {
  return ['verify-pypi', dist, '--provenance', `${dist}.provenance`, '--service-account', serviceAccount, '--trusted-root', f.trustedRoot, ...extra];
}
