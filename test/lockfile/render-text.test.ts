import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { VerifyError } from '../../src/errors/index.js';
import type { PackageResult } from '../../src/lockfile/package-result.js';
import { renderLockfileLines, renderLockfileTable } from '../../src/lockfile/render-text.js';

const publisher = { repository: 'github.com/o/r', workflow: '.github/workflows/p.yml', builder: 'https://github.com/actions/runner/github-hosted' };
const base = { ecosystem: 'npm' as const, files: [], pin: undefined };
const packages: PackageResult[] = [
  { ...base, name: 'a', version: '1.0.0', status: 'verified', error: undefined, note: undefined, publisher },
  { ...base, name: '@s/b', version: '2.0.0', status: 'allowed', error: undefined, note: 'no attestations', publisher: undefined },
  { ...base, name: 'c', version: '3.0.0', status: 'failed', error: new VerifyError('ErrorMismatchHash', 'tarball c-3.0.0.tgz'), note: undefined, publisher: undefined },
];
const report = { lockfile: 'package-lock.json', error: undefined, packages };

describe('lockfile text output', () => {
  it('prints one plain line per package, then the verdict', () => {
    const text = renderLockfileLines(report);
    expect(text).toContain('Verifying npm package a@1.0.0: PASSED\n');
    expect(text).toContain('Verifying npm package @s/b@2.0.0: ALLOWED: no attestations\n');
    expect(text).toContain('Verifying npm package c@3.0.0: FAILED: artifact hash does not match provenance subject: tarball c-3.0.0.tgz\n');
    expect(text.trimEnd().split('\n').at(-1)).toBe('FAILED: lockfile verification failed (1 verified, 1 without provenance allowed, 1 failed, of 3)');
  });

  it('prints an aligned table on a terminal, uncoloured at level 0', () => {
    const lines = renderLockfileTable(report, new Chalk({ level: 0 })).split('\n');
    expect(lines[0]).toMatch(/^PACKAGE\s+VERSION\s+BUILDER\s+SOURCE\s+RESULT$/);
    expect(lines[1]).toMatch(/^a\s+1\.0\.0\s+https:\/\/github\.com\/actions\/runner\/github-hosted\s+github\.com\/o\/r\s+PASSED$/);
    expect(lines[0]!.indexOf('RESULT')).toBe(lines[2]!.indexOf('ALLOWED'));
    expect(renderLockfileTable(report, new Chalk({ level: 1 }))).toContain('\x1b[32mPASSED');
  });
});
