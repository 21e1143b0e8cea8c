import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO, runCli } from './run-cli.js';

/** The README's usage block: one entry per `slsa-verify COMMAND ...` line and its continuation lines. */
function usageEntries(): { command: string[]; first: string; text: string }[] {
  const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
  const block = readme.split('\n## Usage\n')[1]!.split('\n```\n')[1]!;
  const entries: { command: string[]; first: string; text: string }[] = [];
  for (const line of block.split('\n')) {
    const head = /^slsa-verify ((?:policy |attestation )?[a-z-]+)/.exec(line);
    if (head) entries.push({ command: head[1]!.split(' '), first: line, text: line });
    else if (/^\s+\S/.test(line) && entries.length > 0) entries.at(-1)!.text += `\n${line}`;
  }
  return entries;
}

describe('README usage matches --help', () => {
  it('names only flags the command has, and each command its required flags unbracketed on its first line', async () => {
    const entries = usageEntries();
    expect(entries.length).toBeGreaterThanOrEqual(12);
    for (const entry of entries) {
      const help = (await runCli([...entry.command, '--help'])).stdout;
      const flags = [...entry.text.replace(/#.*$/gm, '').matchAll(/--[a-z][a-z-]*/g)].map((m) => m[0]);
      for (const flag of flags) expect(help, `${entry.command.join(' ')} ${flag}`).toMatch(new RegExp(`(^|[ ,])${flag}\\b`, 'm'));
      const required = help.includes('Required options:') ? [...help.split('Required options:')[1]!.split(/\n\n/)[0]!.matchAll(/^ {2}(--[a-z-]+)/gm)].map((m) => m[1]!) : [];
      const unbracketed = entry.first.replace(/\[[^\]]*\]/g, '');
      for (const flag of required) expect(unbracketed, `${entry.command.join(' ')} requires ${flag}`).toContain(flag);
    }
  });
});
