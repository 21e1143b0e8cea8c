import { readFileSync } from 'node:fs';

/**
 * `slsa-verify --version` (or `-V`) alone, answered by the launcher before the
 * CLI loads: it needs none of it, and loading the command parser costs more
 * than bare Node's whole start-up (measured by `npm run bench`). Any other
 * argument list, however close, goes to the real parser, which prints the
 * same version (test/launch/version.test.ts). Bundled as dist/bundle/version.js.
 */
export function answeredVersion(argv: readonly string[]): boolean {
  if (argv.length !== 3 || (argv[2] !== '--version' && argv[2] !== '-V')) return false;
  process.stdout.write(`${packageVersion()}\n`);
  return true;
}

/**
 * The version comes from package.json, the one place it is written (no zod:
 * this runs before any module loads). dist/launch/, dist/cli/ and dist/bundle/
 * are all two levels below the package root.
 */
export function packageVersion(): string {
  const pkg: unknown = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
  const version = typeof pkg === 'object' && pkg !== null && 'version' in pkg ? pkg.version : undefined;
  if (typeof version !== 'string' || version === '') throw new Error('package.json has no version');
  return version;
}
