import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO, runCli } from './run-cli.js';

const VERSION = (JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string }).version;
const VALID = ['fixtures/artifacts/hello.txt', '--provenance-path', 'fixtures/provenance/valid.intoto.jsonl', '--trusted-root', 'fixtures/trusted_root.json'];
const SOURCE = ['--source-uri', 'github.com/slsa-verify-fixtures/hello'];
const DIGEST = `sha256:${'0'.repeat(64)}`;

interface UsageJson {
  schemaVersion: number;
  command: string | null;
  verdict: string;
  error: { code: string; message: string };
}

/** Every leaf command, as `slsa-verify --help` and `policy --help` list them. */
async function leafCommands(): Promise<string[][]> {
  const names = (help: string): string[] =>
    help.split('Commands:')[1]!.split('\n').map((l) => /^ {2}(\S+)/.exec(l)?.[1]).filter((n): n is string => n !== undefined && n !== 'help');
  const top = names((await runCli(['--help'])).stdout);
  const groups = new Map<string, string[]>();
  for (const group of ['policy', 'attestation']) groups.set(group, names((await runCli([group, '--help'])).stdout));
  return top.flatMap((c) => groups.get(c)?.map((sub) => [c, sub]) ?? [[c]]);
}

describe('version', () => {
  it('`slsa-verify version` prints slsa-verifier-style lines, and --version the bare version', async () => {
    const run = await runCli(['version']);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^GitVersion: +v${VERSION.replaceAll('.', '\\.')}$`, 'm'));
    expect(run.stdout).toMatch(new RegExp(`^NodeVersion: +${process.version.replaceAll('.', '\\.')}$`, 'm'));
    const json = await runCli(['version', '--json']);
    expect(JSON.parse(json.stdout)).toEqual({ gitVersion: `v${VERSION}`, nodeVersion: process.version, platform: `${process.platform}/${process.arch}` });
    const bare = await runCli(['--version']);
    expect([bare.status, bare.stdout]).toEqual([0, `${VERSION}\n`]);
  });
});

describe('usage errors', () => {
  it('suggests the command meant', async () => {
    const run = await runCli(['verify-artefact', 'x']);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^Error: invalid usage: unknown command 'verify-artefact' \(did you mean verify-artifact\?\)\n/);
    expect((await runCli(['verify-npm'])).stderr).toContain('did you mean verify-npm-package?');
    expect((await runCli(['bogus'])).stderr).not.toContain('did you mean');
  });

  it('reports an unknown flag as unknown, with a suggestion, before any missing required flag', async () => {
    const run = await runCli(['verify-artifact', 'x', '--provenance', 'p.jsonl']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("unknown option '--provenance' (did you mean --provenance-path?)");
    expect(run.stderr).not.toContain('required');
    expect((await runCli(['verify-artifact', ...VALID, '--sorce-uri', 'x'])).stderr).toContain('did you mean --source-uri?');
    expect((await runCli(['verify-artifact', ...VALID, '--source', 'x'])).stderr).toContain('did you mean --source-uri?');
    expect((await runCli(['verify-image', `a@${DIGEST}`, ...SOURCE, '--policy', 'p'])).stderr).toContain('it is an option of verify-artifact');
  });

  it('names every missing required flag at once', async () => {
    const run = await runCli(['verify-vsa']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('missing required options --attestation-path <file>, --verifier-id <id>, --resource-uri <uri>, --public-key-path <file>');
  });

  it('with --format json, also writes a JSON document with verdict ERROR on stdout', async () => {
    const cases: [string[], string][] = [
      [['verify-artifact', 'x', '--provenance', 'p', '--format', 'json'], 'verify-artifact'],
      [['verify-artifact', 'x', '--format=json'], 'verify-artifact'],
      [['verify-npm-package', 'x.tgz', '--format', 'json'], 'verify-npm-package'],
      [['verify-artifact', ...VALID, ...SOURCE, '--public-key', 'k.pem', '--format', 'json'], 'verify-artifact'],
      [['verify-pypi', 'x.whl', '--format', 'json'], 'verify-pypi'],
      [['verify-bundle', 'x', '--bundle', 'b.json', '--format', 'json'], 'verify-bundle'],
      [['verify-lockfile', 'package-lock.json', '--artifacts', '.', '--update-pins', '--format', 'json'], 'verify-lockfile'],
      [['verify-artefact', '--format', 'json'], ''],
    ];
    for (const [args, command] of cases) {
      const run = await runCli(args);
      expect(run.status, args.join(' ')).toBe(2);
      const doc = JSON.parse(run.stdout) as UsageJson;
      expect(doc, args.join(' ')).toMatchObject({ schemaVersion: 1, command: command === '' ? null : command, verdict: 'ERROR', error: { code: 'ErrorUsage' } });
      // One style: the same reason on stderr.
      expect(run.stderr.split('\n')[0]).toBe(`Error: ${doc.error.message}`);
    }
  });

  it('keeps stdout empty without --format json', async () => {
    const run = await runCli(['verify-artifact', 'x', '--provenance', 'p']);
    expect(run.stdout).toBe('');
  });

  it('accepts --no-color on every command', async () => {
    const leaves = await leafCommands();
    expect(leaves.length).toBeGreaterThanOrEqual(11);
    const runs = await Promise.all(leaves.map((leaf) => runCli([...leaf, '--no-color', '--help'])));
    runs.forEach((run, i) => {
      expect(run.status, leaves[i]!.join(' ')).toBe(0);
      expect(run.stdout, leaves[i]!.join(' ')).toContain('--no-color');
    });
  });

  it('lists required flags first in --help, under their own heading, and in the usage line', async () => {
    for (const [command, required] of [['verify-artifact', ['--provenance-path', '--source-uri']], ['verify-npm-package', ['--package-name', '--package-version', '--source-uri', '--builder-id']]] as const) {
      const help = (await runCli([command, '--help'])).stdout;
      const usage = help.split('\n')[0]!;
      const requiredSection = help.split('Required options:')[1]!.split(/\n\n/)[0]!;
      const options = help.split(/\nOptions:/)[1]!;
      expect(help.indexOf('Required options:')).toBeLessThan(help.indexOf('\nOptions:'));
      for (const flag of required) {
        expect(usage, flag).toContain(flag);
        expect(requiredSection, flag).toContain(flag);
        expect(options, flag).not.toMatch(new RegExp(`^ {2}${flag} `, 'm'));
      }
    }
  });

  it('refuses a local directory given to verify-image without oci-layout:, naming the fix, and asks no registry', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'layout-'));
    const run = await runCli(['verify-image', `${dir}@${DIGEST}`, ...SOURCE, '--format', 'json']);
    expect(run.status).toBe(2);
    const doc = JSON.parse(run.stdout) as UsageJson;
    expect(doc.error.code).toBe('ErrorUsage');
    expect(doc.error.message).toContain(`oci-layout:${dir}@${DIGEST}`);
    // A name with a registry host is never taken for a path: with --offline it is refused as a registry read.
    const named = await runCli(['verify-image', `docker.io/fixtures@${DIGEST}`, ...SOURCE, '--offline']);
    expect(named.stderr).toContain('--offline: reading attestations from a registry is refused');
  });
});
