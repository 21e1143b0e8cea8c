import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runVerifyLockfile } from '../../src/commands/verify-lockfile.js';
import { startNpmProject, type FetchNpmProject } from '../support/fetch-projects.js';

const open: FetchNpmProject[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((p) => p.registry.close()));
});

describe('runVerifyLockfile: progress', () => {
  it('is told each phase (fetching the evidence, then verifying) with the package count, and ticked per package', async () => {
    const p = await startNpmProject([
      { name: 'left-pad', version: '1.3.0' },
      { name: 'tiny', version: '0.1.0' },
    ]);
    open.push(p);
    const events: string[] = [];
    const report = await runVerifyLockfile({
      lockfile: p.lockfile,
      network: 'allowed',
      sources: { npm: { registry: p.registry.url, scopes: new Map(), tokens: new Map() } },
      trustedRootPath: p.trustedRoot,
      registryKeysPath: p.registryKeys,
      pinsPath: join(p.dir, 'pins.json'),
      progress: (total, phase) => {
        events.push(`${phase} ${total}`);
        return { tick: (label) => events.push(`${phase}: ${label}`), done: () => events.push(`${phase} done`) };
      },
    });
    expect(report.error).toBeUndefined();
    expect(events[0]).toBe('fetch 2');
    expect(events.slice(1, 3).sort()).toEqual(['fetch: left-pad@1.3.0', 'fetch: tiny@0.1.0']);
    expect(events.slice(3)).toEqual(['fetch done', 'verify 2', 'verify: left-pad@1.3.0', 'verify: tiny@0.1.0', 'verify done']);
  });
});
