import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { writeReportSchema } from '../schema/main.js';

/**
 * Second build step: bundles the compiled CLI (dist/) into a few files under
 * dist/bundle/, which bin/slsa-verify loads. Start-up is what a pre-install
 * check pays on every call, and resolving and compiling ~200 small modules
 * costs more than the verification itself (measured by `npm run bench`).
 * Worker entry points keep their names: the code finds them next to itself
 * with `new URL('./hash-worker.js', import.meta.url)`. The step also writes
 * dist/report.schema.json, the JSON Schema of the reports.
 */
const dist = fileURLToPath(new URL('../../', import.meta.url));

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
  // The sigstore packages are CommonJS: give the ESM bundle a require().
  banner: { js: "import { createRequire as __slsaVerifyRequire } from 'node:module'; const require = __slsaVerifyRequire(import.meta.url);" },
});

writeReportSchema();
