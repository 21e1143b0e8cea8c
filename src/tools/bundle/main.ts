import { build, type Plugin } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeReportSchema } from '../schema/main.js';
import { copyDeclarations } from './declarations.js';

/**
 * Second build step: bundles the compiled CLI (dist/) into a few files under
 * dist/bundle/, which bin/slsa-verify loads. Start-up is what a pre-install
 * check pays on every call, and resolving and compiling ~200 small modules
 * costs more than the verification itself (measured by `npm run bench`).
 * Worker entry points keep their names: the code finds them next to itself
 * with `new URL('./hash-worker.js', import.meta.url)`. The same build bundles
 * the library entry (dist/index.js -> dist/bundle/index.js).
 *
 * The bundle is self-contained (the package has no runtime dependencies, so
 * installing it fetches nothing else): the licences of the packages it
 * contains are written beside it, in THIRD-PARTY-LICENSES.txt. The step also
 * writes dist/bundle/report.schema.json (the JSON Schema of the reports) and
 * the library's declarations (dist/bundle/types/).
 */
const root = fileURLToPath(new URL('../../../', import.meta.url));
const dist = join(root, 'dist');

/**
 * zod's JIT compiles a parser per object schema with new Function: a CLI parses
 * each schema about once, so compiling costs more than it saves (measured). Our
 * `import * as z from 'zod'` resolves to zod-jitless.js, which re-exports zod
 * and sets that once, in the chunks that use zod and no others.
 */
const zodShim = fileURLToPath(new URL('./zod-jitless.js', import.meta.url));
const zodJitless: Plugin = {
  name: 'zod-jitless',
  setup(b) {
    b.onResolve({ filter: /^zod$/ }, (args) => (args.importer === zodShim ? undefined : { path: zodShim }));
  },
};

// Chunk names change with their content: a previous build's chunks must not be shipped.
rmSync(join(dist, 'bundle'), { recursive: true, force: true });

const result = await build({
  entryPoints: {
    main: `${dist}/cli/main.js`,
    index: `${dist}/index.js`,
    'hash-worker': `${dist}/artifacts/hash-worker.js`,
    'verify-worker': `${dist}/lockfile/verify-worker.js`,
  },
  outdir: `${dist}/bundle`,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node22',
  logLevel: 'warning',
  metafile: true,
  plugins: [zodJitless],
  // The sigstore packages are CommonJS: give the ESM bundle a require().
  banner: { js: "import { createRequire as __slsaVerifyRequire } from 'node:module'; const require = __slsaVerifyRequire(import.meta.url);" },
});

// What the launcher loads first (`--version`, and the choice of how to load the CLI): one file that loads no other.
await build({
  entryPoints: { launch: `${dist}/launch/launch.js` },
  outdir: `${dist}/bundle`,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node22',
  logLevel: 'warning',
});

// The CLI again as one classic script for src/launch/load-cli.ts, which compiles
// it from the V8 code cache a training run leaves (see there): a function
// taking CommonJS's arguments, strict as the modules it came from.
const cliScript = join(dist, 'bundle', 'cli.js');
await build({
  entryPoints: [`${dist}/cli/main.js`],
  outfile: cliScript,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node22',
  logLevel: 'warning',
  plugins: [zodJitless],
  charset: 'ascii',
  // No comments (their text is not always ASCII), and less source to read.
  minifyWhitespace: true,
  legalComments: 'none',
  define: { 'import.meta.url': '__slsaVerifyScriptUrl' },
  banner: { js: "(function (exports, require, module, __filename, __dirname) {'use strict'; const __slsaVerifyScriptUrl = require('node:url').pathToFileURL(__filename).href;" },
  footer: { js: '})' },
});
// The loader reads it as latin1, exact only for ASCII; and a script has no module loader for an import().
const cliText = readFileSync(cliScript);
if (cliText.some((byte) => byte > 0x7f)) throw new Error(`${cliScript} is not ASCII`);
if (/\bimport\(/.test(cliText.toString('latin1'))) throw new Error(`${cliScript} still has an import(): use process.getBuiltinModule for built-ins`);
trainCodeCache();

/** One offline verification of the fixtures leaves the code cache of everything it compiled; without fixtures, no cache (the loader falls back). */
function trainCodeCache(): void {
  const fixture = (p: string): string => join(root, 'fixtures', p);
  if (!existsSync(fixture('trusted_root.json'))) return;
  const run = spawnSync(
    process.execPath,
    [join(root, 'bin', 'slsa-verify'), 'verify-artifact', fixture('artifacts/hello.txt'), '--provenance-path', fixture('provenance/valid.intoto.jsonl'), '--source-uri', 'github.com/slsa-verify-fixtures/hello', '--trusted-root', fixture('trusted_root.json')],
    { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, SLSA_VERIFY_TRAIN_CODE_CACHE: '1' } },
  );
  if (run.status !== 0) {
    rmSync(join(dist, 'bundle', 'cli.code-cache'), { force: true });
    process.stderr.write(`warning: no code cache (the training run exited ${run.status}): ${run.stderr.toString().trim().split('\n').pop()}\n`);
  }
}

/** The package directory (with its package.json) an input file belongs to. */
function packageDir(file: string): string | undefined {
  const at = file.lastIndexOf('node_modules/');
  if (at < 0) return undefined;
  const rest = file.slice(at + 'node_modules/'.length).split('/');
  const name = rest[0]!.startsWith('@') ? rest.slice(0, 2).join('/') : rest[0]!;
  return join(root, file.slice(0, at), 'node_modules', name);
}

const packages = new Map<string, string>();
for (const input of Object.keys(result.metafile.inputs)) {
  const dir = packageDir(input);
  if (dir === undefined || packages.has(dir)) continue;
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name: string; version: string; license?: string };
  const licenseFile = readdirSync(dir).find((f) => /^(licen[cs]e|copying)(\..*)?$/i.test(f));
  const text = licenseFile !== undefined && existsSync(join(dir, licenseFile)) ? readFileSync(join(dir, licenseFile), 'utf8').trim() : `License: ${manifest.license ?? 'unknown'} (no licence file in the package)`;
  packages.set(dir, `${manifest.name}@${manifest.version} (${manifest.license ?? 'unknown'})\n\n${text}\n`);
}
const notices = [...packages.values()].sort();
writeFileSync(
  join(dist, 'bundle', 'THIRD-PARTY-LICENSES.txt'),
  `The slsa-verify bundle (dist/bundle) contains code of these packages, under these licences.\n\n${notices.join(`\n${'-'.repeat(78)}\n\n`)}`,
);

writeReportSchema(join(dist, 'bundle', 'report.schema.json'));
copyDeclarations(join(dist, 'index.d.ts'), join(dist, 'bundle', 'types'));
