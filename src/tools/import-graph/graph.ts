import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

/**
 * The import graph of src/, read from the sources: every relative `import`,
 * `export ... from` and `import()` (type-only imports included: a cycle of
 * types is still a tangle a reader has to hold in mind).
 */
export type ImportGraph = Map<string, Set<string>>;

const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(['"])(\.{1,2}\/[^'"]+)\1/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Files are named relative to `root` with '/' separators, e.g. "cli/main.ts". */
export function readImportGraph(root: string): ImportGraph {
  const base = resolve(root);
  const name = (path: string): string => relative(base, path).split(sep).join('/');
  const graph: ImportGraph = new Map();
  for (const file of sourceFiles(base)) {
    const text = readFileSync(file, 'utf8');
    const targets = new Set<string>();
    for (const match of text.matchAll(SPECIFIER)) {
      targets.add(name(resolve(dirname(file), match[2]!).replace(/\.js$/, '.ts')));
    }
    graph.set(name(file), targets);
  }
  return graph;
}

/** Every cycle, as the strongly connected components of more than one file (or a file importing itself). */
export function findCycles(graph: ImportGraph): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, counter);
    low.set(node, counter);
    counter += 1;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!graph.has(next)) continue;
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, index.get(next)!));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || graph.get(node)?.has(node)) cycles.push(component.sort());
    }
  };
  for (const node of [...graph.keys()].sort()) if (!index.has(node)) visit(node);
  return cycles;
}

/** Imports that break the layering: only cli/ may import cli/ (the flags, rendering and exit codes). */
export function layeringViolations(graph: ImportGraph): string[] {
  const out: string[] = [];
  for (const [file, targets] of graph) {
    if (file.startsWith('cli/') || file.startsWith('tools/')) continue;
    for (const target of targets) if (target.startsWith('cli/')) out.push(`${file} imports ${target}`);
  }
  return out.sort();
}
