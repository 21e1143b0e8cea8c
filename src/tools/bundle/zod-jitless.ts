// What `zod` resolves to inside the bundle (src/tools/bundle/main.ts): zod
// itself, set to parse without generating code at run time.
import { config } from 'zod';

export * from 'zod';

config({ jitless: true });
