// Injected into the bundle next to zod (src/tools/bundle/main.ts): the same
// parsing, without generating code at run time.
import { config } from 'zod';

config({ jitless: true });
