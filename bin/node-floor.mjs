// The Node.js versions slsa-verify runs on: package.json's `engines.node`,
// which is what its dependencies require (@sigstore/* and tuf-js:
// ^22.22.2 || ^24.15.0 || >=26.0.0). Plain JavaScript without dependencies,
// so that it runs, and explains, on any old Node. test/cli/node-floor.test.ts
// checks it against package.json with semver.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const NODE_FLOOR = '^22.22.2 || ^24.15.0 || >=26.0.0';
const FLOOR_WORDS = '22.22.2 or a later 22.x, 24.15.0 or a later 24.x, or 26 and newer';

/** Whether a `process.versions.node` string ("24.21.0") is in NODE_FLOOR. */
export function nodeSupported(version) {
  const [major, minor, patch] = version.split('-')[0].split('.').map(Number);
  if (![major, minor, patch].every(Number.isInteger)) return false;
  const atLeast = (m, p) => minor > m || (minor === m && patch >= p);
  if (major === 22) return atLeast(22, 2);
  if (major === 24) return atLeast(15, 0);
  return major >= 26;
}

const pinnedNode = fileURLToPath(new URL('../node_modules/node/bin/node', import.meta.url));

/** The one-paragraph reason given when this Node is too old, with what to do about it. */
export function unsupportedMessage(version, context) {
  const lines = [`slsa-verify needs Node.js ${FLOOR_WORDS} (this is v${version}).`];
  if (context === 'npm') {
    // Inside `npm run`, node_modules/.bin comes first on PATH: the pinned `node`
    // devDependency is missing, most likely because its install script did not run.
    lines.push(
      existsSync(pinnedNode)
        ? `The pinned Node in node_modules/node is not first on PATH; run the command through npm (npm test, npm run demo).`
        : `The pinned Node (devDependency "node") is not installed: its install script did not run (ignore-scripts?). Run \`npm rebuild node\`, or install Node 24.`,
    );
  } else if (existsSync(pinnedNode)) {
    lines.push('In this clone, `npx slsa-verify ...` runs it with the Node the clone pins (node_modules/.bin/node).');
  }
  return `${lines.join('\n')}\n`;
}

// Run directly (`node bin/node-floor.mjs`, the first step of `npm test` and
// `npm run demo`): fail with the reason instead of 200 obscure test failures.
if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (!nodeSupported(process.versions.node)) {
    process.stderr.write(unsupportedMessage(process.versions.node, 'npm'));
    process.exit(2);
  }
}
