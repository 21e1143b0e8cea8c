import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO, runCli, type JsonReport } from './run-cli.js';

interface ManifestCase {
  name: string;
  description: string;
  args: string[];
  expect: 'pass' | 'fail';
  code: string | null;
  exitCode?: number;
}

const cases = JSON.parse(readFileSync(join(REPO, 'fixtures/manifest.json'), 'utf8')) as ManifestCase[];

// Every generated case, valid and hostile, through the real CLI: verdict, exit code and error code.
describe.concurrent('fixture manifest through bin/slsa-verify', () => {
  for (const c of cases) {
    it(`${c.name}: ${c.expect}${c.code ? ` (${c.code})` : ''}`, async () => {
      const run = await runCli([...c.args, '--format', 'json']);
      const report = JSON.parse(run.stdout) as JsonReport;
      expect(report.verdict, c.description).toBe(c.expect === 'pass' ? 'PASSED' : 'FAILED');
      expect(run.status).toBe(c.exitCode ?? (c.expect === 'pass' ? 0 : 1));
      expect(report.error?.code ?? null).toBe(c.code);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    });
  }
});
