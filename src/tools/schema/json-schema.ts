import * as z from 'zod';
import { jsonDocumentSchema } from '../../report/schema.js';

export const SCHEMA_ID = 'https://github.com/slsa-verify/slsa-verify/report.schema.json';

/** The JSON Schema (draft 2020-12) of every command's `--format json` document, from the zod definitions the code uses. */
export function reportJsonSchema(): Record<string, unknown> {
  return {
    $id: SCHEMA_ID,
    title: 'slsa-verify report (schemaVersion 1)',
    description: 'The --format json document of every slsa-verify command, and the value its library functions return.',
    ...z.toJSONSchema(jsonDocumentSchema, { target: 'draft-2020-12', unrepresentable: 'any' }),
  };
}
