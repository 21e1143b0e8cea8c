import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { NPM_POLICY } from '../lockfile/tree-files.js';
import { npmFetchArgs, startNpmProject, type FetchNpmProject } from '../support/fetch-projects.js';
import { startNpmRegistry, type NpmRegistryStandIn } from '../../src/tools/stand-ins/npm-registry.js';
import { runCli } from './run-cli.js';

interface LockJson {
  verdict: 'PASSED' | 'FAILED';
  error: { code: string; message: string } | null;
  packages: { name: string; version: string; result: string; error: { code: string; message: string } | null; publisher: { repository: string } | null; pin: string | null; note: string | null }[];
}

const SPECS = [
  { name: 'left-pad', version: '1.3.0' },
  { name: '@acme/util', version: '2.0.1' },
  { name: 'tiny', version: '0.1.0' },
];
const EVIL = { owner: 'evil-fork', name: 'hello-npm', id: '999', ownerId: '998' };
/** Short waits for the hostile-server tests (the defaults are seconds). */
const FAST = { SLSA_VERIFY_HTTP_TIMEOUT_MS: '400', SLSA_VERIFY_HTTP_BACKOFF_MS: '10' };

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

async function project(...args: Parameters<typeof startNpmProject>): Promise<FetchNpmProject> {
  const p = await startNpmProject(...args);
  open.push(p.registry);
  return p;
}

function run(p: FetchNpmProject, extra: string[] = [], env: Record<string, string> = {}) {
  return runCli(npmFetchArgs(p, extra), { HOME: p.home, ...FAST, ...env });
}

function doc(stdout: string): LockJson {
  return JSON.parse(stdout) as LockJson;
}

function pkg(d: LockJson, name: string): LockJson['packages'][number] {
  const found = d.packages.find((x) => x.name === name);
  if (!found) throw new Error(`no ${name}`);
  return found;
}

describe('verify-lockfile package-lock.json from the registry (no --artifacts)', () => {
  it('verifies by the lockfile integrity with the policy, saying what it fetches from where', async () => {
    const p = await project(SPECS);
    writeFileSync(join(p.dir, 'policy.yaml'), NPM_POLICY);
    const r = await run(p, ['--policy', join(p.dir, 'policy.yaml')]);
    expect(r.stderr).toContain(`Fetching package documents and attestations of 3 packages from ${p.registry.url} (3)`);
    expect(r.stderr).toContain('PASSED: lockfile verification passed (3 verified');
    expect(r.status).toBe(0);
    // Nothing but documents and attestations: no tarball is downloaded.
    expect(p.registry.requests.every((q) => !q.path.endsWith('.tgz'))).toBe(true);
  });

  it('--quiet says nothing about fetching', async () => {
    const p = await project(SPECS);
    const r = await run(p, ['--pins', join(p.dir, 'pins.json'), '--quiet']);
    expect(r.stderr).not.toContain('Fetching');
    expect(r.status).toBe(0);
  });

  it('without a policy, --pins records every publisher on first use, then matches; a changed publisher fails', async () => {
    const p = await project(SPECS);
    const pins = join(p.dir, 'pins.json');
    const first = await run(p, ['--pins', pins, '--format', 'json']);
    expect(first.status).toBe(0);
    expect(doc(first.stdout).packages.map((x) => x.pin)).toEqual(['recorded', 'recorded', 'recorded']);
    expect(JSON.parse(readFileSync(pins, 'utf8')).pins['npm:tiny'].repository).toBe('github.com/slsa-verify-fixtures/hello-npm');
    const second = await run(p, ['--pins', pins, '--format', 'json']);
    expect(doc(second.stdout).packages.map((x) => x.pin)).toEqual(['matched', 'matched', 'matched']);
    await p.registry.close();

    const forked = await project([SPECS[0]!, SPECS[1]!, { ...SPECS[2]!, repository: EVIL }]);
    const third = await runCli(npmFetchArgs(forked, ['--pins', pins, '--format', 'json']), { HOME: forked.home });
    expect(pkg(doc(third.stdout), 'tiny')).toMatchObject({ result: 'failed', pin: 'mismatch', error: { code: 'ErrorPinMismatch' } });
    expect(third.status).toBe(1);
  });

  it('without a policy or pins, nothing names a source: fails (exit 1)', async () => {
    const p = await project(SPECS);
    const r = await run(p, ['--format', 'json']);
    expect(doc(r.stdout).packages.every((x) => x.result === 'failed')).toBe(true);
    expect(r.status).toBe(1);
  });

  it('--offline without --artifacts or --evidence-dir refuses (exit 2) and opens no connection', async () => {
    const p = await project(SPECS);
    const r = await run(p, ['--offline', '--pins', join(p.dir, 'pins.json')]);
    expect(r.stderr).toContain('--offline');
    expect(r.status).toBe(2);
    expect(p.registry.requests).toHaveLength(0);
  });
});
