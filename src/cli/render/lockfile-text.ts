import type { ChalkInstance } from 'chalk';
import type { PackageResult } from '../../lockfile/package-result.js';
import { lockfilePassed, type LockfileReport } from '../../lockfile/report.js';
import { escapeText, safeText } from '../../report/escape-text.js';

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
  const passed = lockfilePassed(report);
  const pinned = report.packages.filter((p) => p.pin === 'recorded').length;
  // Pins are written only by a passing run: a failed one must not claim it recorded any.
  const pins = pinned === 0 ? '' : passed ? `; ${pinned} publisher${pinned === 1 ? '' : 's'} pinned on first use` : '; no pins written';
  const tail = `${count('verified')} verified, ${count('allowed') + count('warned')} without provenance allowed, ${count('failed')} failed, of ${total}${pins}`;
  return passed ? `PASSED: lockfile verification passed (${tail})` : `FAILED: lockfile verification failed (${tail})`;
}

/** Plain lines (logs, pipes): one per package, then the verdict, as the other commands print. */
export function renderLockfileLines(report: LockfileReport): string {
  const lines = report.packages.map((p) => safeText`Verifying ${p.ecosystem} package ${p.name}@${p.version}: ` + result(p));
  return `${[...lines, '', summary(report)].join('\n')}\n`;
}

export interface TableOptions {
  /** The terminal's width (stderr.columns); the table is wrapped to fit it. */
  columns: number;
  /** Every package; otherwise only those that failed or warned, then the summary. */
  verbose: boolean;
}

const GAP = '  ';
const MIN_COLUMN = 6;

/**
 * Column widths that fit `total`: narrow columns keep their natural width,
 * the wide ones share what is left equally (so a long builder ID cannot push
 * the result off the screen).
 */
export function fitWidths(natural: readonly number[], total: number): number[] {
  const available = Math.max(total - GAP.length * (natural.length - 1), natural.length * MIN_COLUMN);
  const widths = [...natural];
  let remaining = available;
  let left = natural.length;
  for (const i of natural.map((_, j) => j).sort((a, b) => natural[a]! - natural[b]!)) {
    const share = Math.max(MIN_COLUMN, Math.floor(remaining / left));
    widths[i] = Math.min(natural[i]!, share);
    remaining -= widths[i]!;
    left -= 1;
  }
  return widths;
}

/** Splits a cell into lines of at most `width`, preferring to break after a space, '/' or ':'. */
export function wrapCell(text: string, width: number): string[] {
  const lines: string[] = [];
  let rest = text;
  while (rest.length > width) {
    const window = rest.slice(0, width);
    const cut = Math.max(window.lastIndexOf(' '), window.lastIndexOf('/'), window.lastIndexOf(':'));
    const at = cut >= Math.floor(width / 2) ? cut + 1 : width;
    lines.push(rest.slice(0, at).trimEnd());
    rest = rest.slice(at).trimStart();
  }
  lines.push(rest);
  return lines;
}

/** Counts per result and the failing packages by name. */
function tableSummary(report: LockfileReport, shown: number, verbose: boolean): string[] {
  const count = (s: PackageResult['status']): number => report.packages.filter((p) => p.status === s).length;
  const lines = [`Results: ${count('verified')} verified, ${count('allowed')} allowed, ${count('warned')} warned, ${count('failed')} failed (${report.packages.length} packages)`];
  const failing = report.packages.filter((p) => p.status === 'failed').map((p) => safeText`${p.name}@${p.version}`);
  if (failing.length > 0) lines.push(`Failed: ${failing.join(', ')}`);
  if (!verbose && shown < report.packages.length) lines.push('(--verbose lists every package)');
  return lines;
}

/**
 * A terminal: a table (package, version, builder, source, result) wrapped to
 * the terminal's width, by default of the packages that failed or warned
 * only, then the counts, the failing names and the verdict. Builder and
 * source of a failure are shown when its signature verified (`seen`).
 */
export function renderLockfileTable(report: LockfileReport, color: ChalkInstance, options: TableOptions): string {
  if (report.error) return `${color.red(summary(report))}\n`;
  const listed = report.packages.filter((p) => options.verbose || p.status === 'failed' || p.status === 'warned');
  const out: string[] = [];
  if (listed.length > 0) {
    const identity = (p: PackageResult): PackageResult['publisher'] => p.publisher ?? p.seen;
    const rows = listed.map((p) => [...[p.name, p.version, identity(p)?.builder || '-', identity(p)?.repository || '-'].map(escapeText), result(p)]);
    const header = ['PACKAGE', 'VERSION', 'BUILDER', 'SOURCE', 'RESULT'];
    const widths = fitWidths(header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length))), options.columns);
    const paint = (p: PackageResult, text: string): string =>
      p.status === 'verified' ? color.green(text) : p.status === 'failed' ? color.red(text) : color.yellow(text);
    const format = (cells: readonly string[], style: (cell: string, column: number) => string): string[] => {
      const wrapped = cells.map((c, i) => wrapCell(c, widths[i]!));
      const height = Math.max(...wrapped.map((w) => w.length));
      return Array.from({ length: height }, (_, line) =>
        wrapped
          .map((w, i) => {
            const text = w[line] ?? '';
            return style(i === cells.length - 1 ? text : text.padEnd(widths[i]!), i);
          })
          .join(GAP)
          .trimEnd(),
      );
    };
    out.push(...format(header, (c) => color.bold(c)));
    rows.forEach((r, i) => out.push(...format(r, (c, column) => (column === r.length - 1 ? paint(listed[i]!, c) : c))));
    out.push('');
  }
  out.push(...tableSummary(report, listed.length, options.verbose));
  const verdict = summary(report);
  out.push(lockfilePassed(report) ? color.green(verdict) : color.red(verdict));
  return `${out.join('\n')}\n`;
}
