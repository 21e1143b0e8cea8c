import type { ChalkInstance } from 'chalk';
import type { PackageResult } from './package-result.js';
import { lockfilePassed, type LockfileReport } from './verify-lockfile.js';
import { escapeText, safeText } from '../report/escape-text.js';

function result(p: PackageResult): string {
  switch (p.status) {
    case 'verified':
      return 'PASSED';
    case 'allowed':
      return safeText`ALLOWED: ${p.note ?? 'no provenance'}`;
    case 'warned':
      return safeText`WARNING: ${p.note ?? 'no provenance'}`;
    case 'failed':
      return safeText`FAILED: ${p.error?.message ?? 'failed'}`;
  }
}

function summary(report: LockfileReport): string {
  if (report.error) return safeText`FAILED: lockfile verification failed: ${report.error.message}`;
  const count = (s: PackageResult['status']): number => report.packages.filter((p) => p.status === s).length;
  const total = report.packages.length;
  const tail = `${count('verified')} verified, ${count('allowed') + count('warned')} without provenance allowed by the policy, ${count('failed')} failed, of ${total}`;
  return lockfilePassed(report) ? `PASSED: lockfile verification passed (${tail})` : `FAILED: lockfile verification failed (${tail})`;
}

/** Plain lines (logs, pipes): one per package, then the verdict, as the other commands print. */
export function renderLockfileLines(report: LockfileReport): string {
  const lines = report.packages.map((p) => safeText`Verifying ${p.ecosystem} package ${p.name}@${p.version}: ` + result(p));
  return `${[...lines, '', summary(report)].join('\n')}\n`;
}

/** A terminal: an aligned table (package, version, builder, source, result), then the verdict. */
export function renderLockfileTable(report: LockfileReport, color: ChalkInstance): string {
  const rows = report.packages.map((p) => [escapeText(p.name), escapeText(p.version), escapeText(p.publisher?.builder ?? '-'), escapeText(p.publisher?.repository ?? '-'), result(p)] as const);
  const header = ['PACKAGE', 'VERSION', 'BUILDER', 'SOURCE', 'RESULT'] as const;
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const pad = (cells: readonly string[]): string => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ');
  const paint = (p: PackageResult, text: string): string =>
    p.status === 'verified' ? color.green(text) : p.status === 'failed' ? color.red(text) : color.yellow(text);
  const body = rows.map((r, i) => {
    const line = pad(r);
    const cut = line.length - r[4].length;
    return line.slice(0, cut) + paint(report.packages[i]!, r[4]);
  });
  const verdict = summary(report);
  return `${[color.bold(pad(header)), ...body, '', lockfilePassed(report) ? color.green(verdict) : color.red(verdict)].join('\n')}\n`;
}
