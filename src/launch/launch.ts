// What bin/slsa-verify loads first (bundled alone as dist/bundle/launch.js).
export { answeredVersion } from './version.js';
export { loadCli } from './load-cli.js';
