import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from '../../cli/run-cli.js';

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

describe('zod imports', () => {
  // `import { z } from 'zod'` makes the bundler keep all of zod, every locale
  // included (755 KB against 170 KB): start-up pays to load it on every call.
  it('use the namespace form the bundler can shake', () => {
    const offenders = sources(join(REPO, 'src')).filter((f) => /import\s+(type\s+)?\{\s*z\s*\}\s+from\s+'zod'/.test(readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
  });
});
