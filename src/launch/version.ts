import { readFileSync } from 'node:fs';

/**
 * `slsa-verify --version` (or `-V`) alone, answered by the launcher before the
 * CLI loads: it needs none of it, and loading the command parser costs more
 * than bare Node's whole start-up (measured by `npm run bench`). Any other
 * argument list, however close, goes to the real parser. The version is the
 * package's, which the parser also prints (test/launch/version.test.ts).
 */
export function answeredVersion(argv: readonly string[]): boolean {
  if (argv.length !== 3 || (argv[2] !== '--version' && argv[2] !== '-V')) return false;
  process.stdout.write(`${packageVersion()}\n`);
  return true;
}

export function packageVersion(): string {
  const pkg: unknown = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
  const version = typeof pkg === 'object' && pkg !== null && 'version' in pkg ? pkg.version : undefined;
  if (typeof version !== 'string') throw new Error('package.json has no version');
  return version;
}
