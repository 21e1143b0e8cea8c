import type { Command } from 'commander';
import { packageVersion } from '../launch/version.js';

export { packageVersion };

/** What `slsa-verify version` reports; `nodeVersion` is the runtime actually running it. */
export function versionInfo(): { gitVersion: string; nodeVersion: string; platform: string } {
  return { gitVersion: `v${packageVersion()}`, nodeVersion: process.version, platform: `${process.platform}/${process.arch}` };
}

/**
 * `slsa-verify version`, as slsa-verifier's (sigs.k8s.io/release-utils):
 * `Name: description`, then aligned `Key:  value` lines that scripts grep
 * (`GitVersion:`), or `--json`. On stdout, so `$(slsa-verify version)` works.
 */
export function addVersionCommand(program: Command): void {
  program
    .command('version')
    .description('Prints the version (and the Node.js running it)')
    .option('--json', 'print JSON instead of text')
    .action((flags: { json?: boolean }) => {
      const info = versionInfo();
      if (flags.json === true) {
        process.stdout.write(`${JSON.stringify(info, null, 2)}\n`);
        return;
      }
      const rows: [string, string][] = [['GitVersion:', info.gitVersion], ['NodeVersion:', info.nodeVersion], ['Platform:', info.platform]];
      const width = Math.max(...rows.map(([k]) => k.length)) + 2;
      process.stdout.write(`slsa-verify: ${program.description()}\n\n${rows.map(([k, v]) => `${k.padEnd(width)}${v}\n`).join('')}`);
    });
}
