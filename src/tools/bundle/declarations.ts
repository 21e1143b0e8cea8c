import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*)(['"])([^'"]+)\1/g;

/**
 * Copies the declarations the library entry needs (entry and every file it
 * imports, transitively) under `outDir`. The package has no dependencies, so
 * a declaration importing another package would leave its types unresolved:
 * that fails the build.
 */
export function copyDeclarations(entry: string, outDir: string): string[] {
  const root = dirname(entry);
  const seen = new Set<string>();
  const pending = [resolve(entry)];
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const match of readFileSync(file, 'utf8').matchAll(SPECIFIER)) {
      const spec = match[2]!;
      if (!spec.startsWith('.')) throw new Error(`${relative(root, file)} imports '${spec}': the shipped declarations must not need another package`);
      pending.push(resolve(dirname(file), spec.replace(/\.js$/, '.d.ts')));
    }
  }
  const copied = [...seen].map((file) => relative(root, file)).sort();
  for (const name of copied) {
    mkdirSync(dirname(join(outDir, name)), { recursive: true });
    copyFileSync(join(root, name), join(outDir, name));
  }
  return copied;
}
