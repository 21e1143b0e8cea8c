import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { reportJsonSchema } from './json-schema.js';

/** Writes the report JSON Schema (the build puts it in dist/bundle/, exported as 'slsa-verify/report.schema.json'). */
export function writeReportSchema(path = fileURLToPath(new URL('../../report.schema.json', import.meta.url))): void {
  writeFileSync(path, `${JSON.stringify(reportJsonSchema(), null, 2)}\n`);
}
