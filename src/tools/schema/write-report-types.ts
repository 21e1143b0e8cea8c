import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { reportTypesSource } from './report-types.js';

/** `node dist/tools/schema/write-report-types.js`: regenerates src/report/report-types.ts. */
writeFileSync(fileURLToPath(new URL('../../../src/report/report-types.ts', import.meta.url)), reportTypesSource());
