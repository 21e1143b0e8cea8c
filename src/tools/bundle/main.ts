import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Second build step: bundles the compiled CLI (dist/) into a few files under
 * dist/bundle/, which bin/slsa-verify loads. Start-up is what a pre-install
 * check pays on every call, and resolving and compiling ~200 small modules
 * costs more than the verification itself (measured by `npm run bench`).
 * Worker entry points keep their names: the code finds them next to itself
 * with `new URL('./hash-worker.js', import.meta.url)`.
 */
const dist = fileURLToPath(new URL('../../', import.meta.url));
// Chunk names carry content hashes: without a clean start, stale chunks pile up.
rmSync(`${dist}bundle`, { recursive: true, force: true });

await build({
  entryPoints: {
    main: `${dist}cli/main.js`,
    'hash-worker': `${dist}artifacts/hash-worker.js`,
    'verify-worker': `${dist}lockfile/verify-worker.js`,
  },
  outdir: `${dist}bundle`,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node22',
  logLevel: 'warning',
  // zod's JIT compiles a parser per object schema with new Function: a CLI parses
  // each schema about once, so compiling costs more than it saves (measured).
  inject: [fileURLToPath(new URL('./zod-jitless.js', import.meta.url))],
  // The sigstore packages are CommonJS: give the ESM bundle a require().
  banner: { js: "import { createRequire as __slsaVerifyRequire } from 'node:module'; const require = __slsaVerifyRequire(import.meta.url);" },
});
