import { fileURLToPath } from 'node:url';
import { findCycles, layeringViolations, readImportGraph } from './graph.js';

/**
 * `node dist/tools/import-graph/main.js [src]`: exits 1 on an import cycle in
 * src/ or on a file outside src/cli/ importing from it (also run by
 * test/tools/import-graph.test.ts).
 */
const root = process.argv[2] ?? fileURLToPath(new URL('../../../src', import.meta.url));
const graph = readImportGraph(root);
const cycles = findCycles(graph);
const violations = layeringViolations(graph);
for (const cycle of cycles) process.stderr.write(`import cycle: ${cycle.join(' <-> ')}\n`);
for (const v of violations) process.stderr.write(`layering: ${v} (only src/cli/ may import src/cli/)\n`);
process.stdout.write(`${graph.size} files: ${cycles.length} cycles, ${violations.length} imports of src/cli/ from outside it\n`);
process.exitCode = cycles.length > 0 || violations.length > 0 ? 1 : 0;
