import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/main.js';
import { packageVersion } from '../../src/launch/version.js';
import { REPO, runCli } from '../cli/run-cli.js';

describe('--version', () => {
  const expected = (JSON.parse(readFileSync(`${REPO}/package.json`, 'utf8')) as { version: string }).version;

  it('is the package version, the one the command parser prints too', () => {
    expect(packageVersion()).toBe(expected);
    expect(buildProgram().version()).toBe(expected);
  });

  it('answers --version and -V alone from the launcher, and leaves anything else to the parser', async () => {
    for (const flag of ['--version', '-V']) {
      const r = await runCli([flag]);
      expect(r).toMatchObject({ status: 0, stdout: `${expected}\n`, stderr: '' });
    }
    // Not the lone flag: the parser answers (the same version), or refuses.
    expect(await runCli(['--version', '--version'])).toMatchObject({ status: 0, stdout: `${expected}\n` });
    expect((await runCli(['--versions'])).status).toBe(2);
  });
});
