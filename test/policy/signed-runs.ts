import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildFixtures } from '../../src/tools/fixtures/generate.js';
import type { LineSpec } from '../../src/tools/fixtures/cases.js';

export interface SignedRuns {
  dir: string;
  trustedRoot: string;
  /** The provenance file of each line id. */
  provenance: Record<string, string>;
}

/**
 * Provenance signed by the fixture PKI for runs the test chooses (refs,
 * repositories, subject names), one file per line, with the trusted root
 * that trusts them. Subjects given by artifact name use the fixture
 * artifacts' digests (fixtures/artifacts/NAME).
 */
export function signRuns(lines: readonly LineSpec[]): SignedRuns {
  // Ids and files of their own, apart from the fixture set's (ids seed keys and runs).
  const own = (id: string) => `signed-runs/${id}`;
  const { lines: generated, trustedRoot } = buildFixtures(lines.map((spec) => ({ file: own(spec.id), description: spec.id, lines: [{ ...spec, id: own(spec.id) }] })));
  const dir = mkdtempSync(join(tmpdir(), 'policy-runs-'));
  const root = join(dir, 'trusted_root.json');
  writeFileSync(root, JSON.stringify(trustedRoot));
  const provenance: Record<string, string> = {};
  for (const spec of lines) {
    const line = generated.find((l) => l.file === own(spec.id));
    if (!line) throw new Error(`${spec.id} was not generated`);
    const path = join(dir, `${spec.id}.intoto.jsonl`);
    writeFileSync(path, `${line.json}\n`);
    provenance[spec.id] = path;
  }
  return { dir, trustedRoot: root, provenance };
}
