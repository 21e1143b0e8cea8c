import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';
import { crc32 } from 'node:zlib';

export interface Cli {
  main(argv: string[]): Promise<void>;
}

/**
 * Loads the CLI for the launcher. Node's module compile cache keeps only what
 * V8 compiles up front, so every run still compiled each function it called
 * (a fifth of a small verification's instructions, measured with callgrind).
 * The build therefore also writes the CLI as one script (cli.js) and runs it
 * once on the fixtures, keeping V8's code cache of everything that run
 * compiled (cli.code-cache). When that cache was made for this source, this
 * Node and these V8 flags, the script is compiled from it; otherwise the
 * module bundle (main.js) is imported as before. The cache is only read at run
 * time, never written: it lives in the package, as trusted as the script.
 */
export async function loadCli(): Promise<Cli> {
  const script = new URL('./cli.js', import.meta.url);
  const cachePath = fileURLToPath(new URL('./cli.code-cache', import.meta.url));
  const training = process.env.SLSA_VERIFY_TRAIN_CODE_CACHE === '1';
  let source: Buffer;
  let cache: Buffer | undefined;
  try {
    source = readFileSync(script);
    if (!training) cache = usableCache(readFileSync(cachePath), source);
  } catch {
    source = Buffer.alloc(0);
  }
  if (source.length === 0 || (!training && cache === undefined)) return (await import(new URL('./main.js', import.meta.url).href)) as Cli;

  const path = fileURLToPath(script);
  // The build checked the script is ASCII, so latin1 is exact and the string is built without decoding UTF-8.
  // No import() may be left in the script (the build checks): it has no module loader behind it.
  const compiled = new Script(source.toString('latin1'), { filename: path, ...(cache ? { cachedData: cache } : {}) });
  const wrapper = compiled.runInThisContext() as (exports: object, require: NodeJS.Require, module: { exports: object }, filename: string, dir: string) => void;
  const module = { exports: {} as Cli };
  wrapper(module.exports, createRequire(path), module, path, dirname(path));
  if (!training) return module.exports;
  return {
    async main(argv) {
      await module.exports.main(argv);
      writeFileSync(cachePath, Buffer.concat([Buffer.from(`${JSON.stringify(cacheKey(source))}\n`), compiled.createCachedData()]));
    },
  };
}

/** What the cache was made for: V8 refuses a cache for another V8 or other flags, and trusts a same-length source. */
export function cacheKey(source: Buffer): { crc32: number; node: string; v8: string; execArgv: string; nodeOptions: string } {
  return { crc32: crc32(source), node: process.version, v8: process.versions.v8, execArgv: process.execArgv.join(' '), nodeOptions: process.env.NODE_OPTIONS ?? '' };
}

export function usableCache(file: Buffer, source: Buffer): Buffer | undefined {
  const end = file.indexOf(10);
  if (end < 0) return undefined;
  let header: unknown;
  try {
    header = JSON.parse(file.subarray(0, end).toString('latin1'));
  } catch {
    return undefined;
  }
  const want = cacheKey(source);
  const same = typeof header === 'object' && header !== null && Object.entries(want).every(([k, v]) => (header as Record<string, unknown>)[k] === v);
  return same ? file.subarray(end + 1) : undefined;
}
