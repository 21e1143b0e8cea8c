import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findCycles, layeringViolations, readImportGraph } from '../../src/tools/import-graph/graph.js';
import { REPO } from '../cli/run-cli.js';

describe('the import graph of src/', () => {
  const graph = readImportGraph(join(REPO, 'src'));

  it('has no import cycle (type-only and dynamic imports included)', () => {
    expect(graph.size).toBeGreaterThan(100);
    expect(findCycles(graph)).toEqual([]);
  });

  it('has no file outside src/cli/ importing from src/cli/', () => {
    expect(layeringViolations(graph)).toEqual([]);
  });

  it('feature folders do not import the command layer', () => {
    const features = [...graph].filter(([file]) => !/^(cli|commands|tools)\//.test(file) && file !== 'index.ts');
    expect(features.flatMap(([file, targets]) => [...targets].filter((t) => t.startsWith('commands/')).map((t) => `${file} -> ${t}`))).toEqual([]);
  });
});

describe('the checker', () => {
  it('finds a cycle through static, type-only and dynamic imports, and a stage importing cli/', () => {
    const root = mkdtempSync(join(tmpdir(), 'import-graph-'));
    mkdirSync(join(root, 'cli'));
    mkdirSync(join(root, 'npm'));
    writeFileSync(join(root, 'a.ts'), "import { b } from './b.js';\n");
    writeFileSync(join(root, 'b.ts'), "import type { C } from './npm/c.js';\n");
    writeFileSync(join(root, 'npm', 'c.ts'), "export const c = () => import('../a.js');\nimport { EXIT } from '../cli/exit.js';\n");
    writeFileSync(join(root, 'cli', 'exit.ts'), 'export const EXIT = 0;\n');
    const graph = readImportGraph(root);
    expect(findCycles(graph)).toEqual([['a.ts', 'b.ts', 'npm/c.ts']]);
    expect(layeringViolations(graph)).toEqual(['npm/c.ts imports cli/exit.ts']);
  });
});
