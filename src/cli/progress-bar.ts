import type { ChalkInstance } from 'chalk';
import type { Progress } from '../lockfile/report.js';
import { escapeText } from '../report/escape-text.js';

export type { Progress };

/** Fewer items finish before a bar would be read. */
export const PROGRESS_MIN_ITEMS = 20;
const WIDTH = 30;
/** Redraw at most this often: a terminal write per package would cost more than the package. */
const FRAME_MS = 80;

const QUIET: Progress = { tick: () => undefined, done: () => undefined };

/**
 * A one-line bar redrawn in place on stderr, only when stderr is a terminal
 * and the work is long; logs, pipes and CI output stay free of `\r` noise.
 */
export function createProgress(
  stream: { isTTY?: boolean; write(s: string): unknown },
  total: number,
  color: ChalkInstance,
  now: () => number = Date.now,
  title = '',
): Progress {
  if (stream.isTTY !== true || total < PROGRESS_MIN_ITEMS) return QUIET;
  let count = 0;
  let last = 0;
  const draw = (label: string): void => {
    const filled = Math.round((count / total) * WIDTH);
    const bar = color.green('#'.repeat(filled)) + color.dim('-'.repeat(WIDTH - filled));
    stream.write(`\r\x1b[2K${title}[${bar}] ${count}/${total} ${escapeText(label).slice(0, 40)}`);
  };
  return {
    tick(label) {
      count += 1;
      const t = now();
      if (t - last >= FRAME_MS || count === total) {
        last = t;
        draw(label);
      }
    },
    done() {
      stream.write('\r\x1b[2K');
    },
  };
}

/**
 * The progress of a command's phases on stderr, or none: not with --quiet,
 * not with --format json (a pipeline reads stdout; stderr stays plain), and
 * only on a terminal (createProgress checks).
 */
export function progressFor(
  stream: { isTTY?: boolean; write(s: string): unknown },
  color: ChalkInstance,
  flags: { quiet?: boolean | undefined; format: 'text' | 'json' },
): ((total: number, phase: 'fetch' | 'verify') => Progress) | undefined {
  if (flags.quiet === true || flags.format === 'json') return undefined;
  return (total, phase) => createProgress(stream, total, color, Date.now, phase === 'fetch' ? 'Fetching  ' : 'Verifying ');
}
