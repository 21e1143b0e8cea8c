import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cacheKey, usableCache } from '../../src/launch/load-cli.js';
import { REPO, runCli } from '../cli/run-cli.js';

const source = Buffer.from('(function (exports, require, module) { module.exports.main = async () => {}; })');
const withHeader = (header: unknown, data = Buffer.from([1, 2, 3])): Buffer => Buffer.concat([Buffer.from(`${JSON.stringify(header)}\n`), data]);

describe('the code cache the launcher compiles the CLI from', () => {
  it('is used only for the source, Node, V8 and flags it was made for', () => {
    const key = cacheKey(source);
    expect(usableCache(withHeader(key), source)).toEqual(Buffer.from([1, 2, 3]));
    // Same length, other bytes: V8 alone would take this cache for this source.
    const other = Buffer.from(source.toString().replace('main', 'mane'));
    expect(other.length).toBe(source.length);
    expect(usableCache(withHeader(key), other)).toBeUndefined();
    for (const change of [{ node: 'v0.0.0' }, { v8: '1.0' }, { execArgv: '--jitless' }, { nodeOptions: '--max-old-space-size=64' }]) {
      expect(usableCache(withHeader({ ...key, ...change }), source)).toBeUndefined();
    }
  });

  it('is refused when its header is missing or unreadable', () => {
    expect(usableCache(Buffer.from([1, 2, 3]), source)).toBeUndefined();
    expect(usableCache(Buffer.from('not json\n\x01'), source)).toBeUndefined();
    expect(usableCache(Buffer.from('null\n\x01'), source)).toBeUndefined();
    expect(usableCache(Buffer.from('[]\n\x01'), source)).toBeUndefined();
  });

  it('is built with the bundle, for the script beside it and this Node', () => {
    const cache = `${REPO}/dist/bundle/cli.code-cache`;
    if (!existsSync(cache)) return; // a build without fixtures has none, and the launcher imports main.js instead
    const file = readFileSync(cache);
    // The test runner's own flags differ from a plain `node`: compare what does not depend on them.
    const header = JSON.parse(file.subarray(0, file.indexOf(10)).toString()) as Record<string, unknown>;
    const key = cacheKey(readFileSync(`${REPO}/dist/bundle/cli.js`));
    expect({ crc32: header.crc32, node: header.node, v8: header.v8 }).toEqual({ crc32: key.crc32, node: key.node, v8: key.v8 });
  });
});

describe('both ways of loading the CLI', () => {
  it('verify the same way: from the code cache, and through the module bundle when the flags differ', async () => {
    const args = ['verify-artifact', 'fixtures/artifacts/hello.txt', '--provenance-path', 'fixtures/provenance/valid.intoto.jsonl', '--source-uri', 'github.com/slsa-verify-fixtures/hello', '--trusted-root', 'fixtures/trusted_root.json', '--format', 'json'];
    const cached = await runCli(args);
    const modules = await runCli(args, { NODE_OPTIONS: '--no-deprecation' });
    expect(cached.status).toBe(0);
    expect(modules).toEqual(cached);
    const failing = ['verify-artifact', 'fixtures/artifacts/hello.txt', '--provenance-path', 'fixtures/provenance/valid.intoto.jsonl', '--source-uri', 'github.com/someone/else', '--trusted-root', 'fixtures/trusted_root.json'];
    const [a, b] = await Promise.all([runCli(failing), runCli(failing, { NODE_OPTIONS: '--no-deprecation' })]);
    expect(a.status).toBe(1);
    expect(b).toEqual(a);
  });
});

describe('a large artifact through the launcher', () => {
  it('is hashed in the worker from either loader (a digest no subject has: ErrorMismatchHash, not an internal error)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sv-launch-'));
    try {
      const big = join(dir, 'big.bin');
      writeFileSync(big, Buffer.alloc(65 * 1024 * 1024, 1)); // above the worker threshold
      const args = ['verify-artifact', big, '--provenance-path', 'fixtures/provenance/valid.intoto.jsonl', '--source-uri', 'github.com/slsa-verify-fixtures/hello', '--trusted-root', 'fixtures/trusted_root.json', '--format', 'json'];
      for (const env of [{}, { NODE_OPTIONS: '--no-deprecation' }] as Record<string, string>[]) {
        const r = await runCli(args, env);
        expect(r.status, r.stderr).toBe(1);
        expect(r.stderr).not.toMatch(/Warning/);
        const report = JSON.parse(r.stdout) as { artifacts: { error: { code: string } | null }[] };
        expect(report.artifacts[0]?.error?.code).toBe('ErrorMismatchHash');
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
