import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod';

/** The fields of slsa-verifier's regression cases that the runner uses. */
export const corpusCaseSchema = z
  .object({
    id: z.string(),
    command: z.string(),
    args: z.array(z.string()),
    env: z.record(z.string(), z.string()),
    expect: z.enum(['pass', 'fail']),
    error: z.string().nullable(),
    error_also: z.array(z.string()),
    go_executed: z.boolean(),
    cli_equivalent: z.boolean(),
    harness: z.string().nullable(),
    expected_builder_id: z.string().nullable(),
    expected_stderr: z.array(z.string()).nullable(),
    oci_layout: z.string().nullable().optional(),
  })
  .loose();
export type CorpusCase = z.infer<typeof corpusCaseSchema>;

export function loadCases(dir: string): CorpusCase[] {
  const raw: unknown = JSON.parse(readFileSync(join(dir, 'cases.json'), 'utf8'));
  return z.array(corpusCaseSchema).parse(raw);
}
