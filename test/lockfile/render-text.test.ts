import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { VerifyError } from '../../src/errors/index.js';
import type { PackageResult } from '../../src/lockfile/package-result.js';
import { fitWidths, renderLockfileLines, renderLockfileTable, wrapCell } from '../../src/lockfile/render-text.js';

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

  it('prints an aligned table on a terminal with --verbose, uncoloured at level 0', () => {
    const lines = renderLockfileTable(report, new Chalk({ level: 0 }), { columns: 200, verbose: true }).split('\n');
    expect(lines[0]).toMatch(/^PACKAGE\s+VERSION\s+BUILDER\s+SOURCE\s+RESULT$/);
    expect(lines[1]).toMatch(/^a\s+1\.0\.0\s+https:\/\/github\.com\/actions\/runner\/github-hosted\s+github\.com\/o\/r\s+PASSED$/);
    expect(lines[0]!.indexOf('RESULT')).toBe(lines[2]!.indexOf('ALLOWED'));
    expect(renderLockfileTable(report, new Chalk({ level: 1 }), { columns: 200, verbose: true })).toContain('\x1b[32mPASSED');
  });

  it('by default lists only the failures, then counts per result and the failing names', () => {
    const text = renderLockfileTable(report, new Chalk({ level: 0 }), { columns: 200, verbose: false });
    const lines = text.trimEnd().split('\n');
    expect(lines.filter((l) => /^(a|@s\/b)\s/.test(l))).toEqual([]);
    expect(lines[1]).toMatch(/^c\s+3\.0\.0\s+-\s+-\s+FAILED: artifact hash/);
    expect(lines).toContain('Results: 1 verified, 1 allowed, 0 warned, 1 failed (3 packages)');
    expect(lines).toContain('Failed: c@3.0.0');
    expect(lines.at(-1)).toMatch(/^FAILED: lockfile verification failed/);
  });

  it('shows builder and source of a failure whose signature verified', () => {
    const seen = { repository: 'github.com/evil/fork', workflow: '.github/workflows/p.yml', builder: 'https://github.com/actions/runner/github-hosted' };
    const failedSigned: PackageResult = { ...packages[2]!, seen, error: new VerifyError('ErrorMismatchSource', 'expected github.com/o/r') };
    const text = renderLockfileTable({ ...report, packages: [failedSigned] }, new Chalk({ level: 0 }), { columns: 200, verbose: false });
    expect(text).toMatch(/c\s+3\.0\.0\s+https:\/\/github\.com\/actions\/runner\/github-hosted\s+github\.com\/evil\/fork\s+FAILED/);
  });

  it('wraps the table to the terminal width, losing nothing', () => {
    const long: PackageResult = { ...packages[2]!, error: new VerifyError('ErrorMismatchHash', `tarball ${'x'.repeat(150)}.tgz does not match the lockfile integrity`) };
    for (const columns of [40, 60, 80, 120]) {
      const text = renderLockfileTable({ ...report, packages: [packages[0]!, long] }, new Chalk({ level: 0 }), { columns, verbose: true });
      const [table] = text.split('\n\n');
      for (const line of table!.split('\n')) expect(line.length).toBeLessThanOrEqual(columns);
      expect(table!.replace(/\s+/g, '')).toContain(`tarball${'x'.repeat(150)}.tgzdoesnotmatchthelockfileintegrity`);
    }
  });

  it('fitWidths keeps narrow columns and shares the rest', () => {
    expect(fitWidths([5, 7, 50, 20, 90], 200)).toEqual([5, 7, 50, 20, 90]);
    const widths = fitWidths([5, 7, 50, 20, 90], 80);
    expect(widths.slice(0, 2)).toEqual([5, 7]);
    expect(widths.reduce((a, b) => a + b, 0) + 2 * 4).toBeLessThanOrEqual(80);
  });

  it('wrapCell breaks long cells at / or spaces when it can', () => {
    expect(wrapCell('https://github.com/actions/runner/github-hosted', 20)).toEqual(['https://github.com/', 'actions/runner/', 'github-hosted']);
    expect(wrapCell('x'.repeat(25), 10)).toEqual(['x'.repeat(10), 'x'.repeat(10), 'x'.repeat(5)]);
  });
});
