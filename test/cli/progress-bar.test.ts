import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { createProgress, progressFor, PROGRESS_MIN_ITEMS } from '../../src/cli/progress-bar.js';

/** src/progress/progress-bar.ts (kept here: test/progress is outside this change's files). */
function sink(isTTY: boolean): { isTTY: boolean; out: string[]; write(s: string): boolean } {
  const out: string[] = [];
  return { isTTY, out, write: (s) => out.push(s) > 0 };
}

describe('createProgress', () => {
  const plain = new Chalk({ level: 0 });

  it('draws on a terminal for long work, throttled, and clears its line at the end', () => {
    const s = sink(true);
    let t = 0;
    const bar = createProgress(s, 40, plain, () => (t += 10));
    for (let i = 0; i < 40; i++) bar.tick(`p${i}`);
    bar.done();
    expect(s.out.length).toBeGreaterThan(1);
    expect(s.out.length).toBeLessThan(20);
    expect(s.out.at(-2)).toContain('40/40 p39');
    expect(s.out.at(-1)).toBe('\r\x1b[2K');
    expect(s.out.join('')).not.toContain('\x1b[3');
  });

  it('stays quiet when not a terminal, or for short work', () => {
    for (const [tty, n] of [[false, 500], [true, PROGRESS_MIN_ITEMS - 1]] as const) {
      const s = sink(tty);
      const bar = createProgress(s, n, plain);
      for (let i = 0; i < n; i++) bar.tick('x');
      bar.done();
      expect(s.out).toEqual([]);
    }
  });
});

describe('progressFor', () => {
  const plain = new Chalk({ level: 0 });

  it('draws each phase under its title on a terminal, in text format', () => {
    const s = sink(true);
    const factory = progressFor(s, plain, { format: 'text' })!;
    const bar = factory(PROGRESS_MIN_ITEMS, 'fetch');
    for (let i = 0; i < PROGRESS_MIN_ITEMS; i++) bar.tick(`p${i}`);
    bar.done();
    expect(s.out.join('')).toContain(`Fetching  [`);
    expect(s.out.join('')).toContain(`${PROGRESS_MIN_ITEMS}/${PROGRESS_MIN_ITEMS} p${PROGRESS_MIN_ITEMS - 1}`);
  });

  it('is off with --quiet or --format json', () => {
    expect(progressFor(sink(true), plain, { format: 'text', quiet: true })).toBeUndefined();
    expect(progressFor(sink(true), plain, { format: 'json' })).toBeUndefined();
  });
});
