import { randomBytes } from 'node:crypto';
import { open, readFile, rename, unlink } from 'node:fs/promises';
import * as z from 'zod';
import { VerifyError } from '../errors/index.js';

const identitySchema = z.strictObject({ repository: z.string(), workflow: z.string(), builder: z.string() });
const pinsSchema = z.strictObject({ schemaVersion: z.literal(1), pins: z.record(z.string().min(1), identitySchema) });

export type Pins = z.output<typeof pinsSchema>;

/** A missing file is an empty pin set (first use); anything unreadable or malformed is a usage error, never "no pins". */
export async function loadPins(path: string): Promise<Pins> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { schemaVersion: 1, pins: {} };
    throw new VerifyError('ErrorUnreadableFile', `pins ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new VerifyError('ErrorUsage', `pins ${path}: not valid JSON`);
  }
  const parsed = pinsSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new VerifyError('ErrorUsage', `pins ${path}: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'bad shape'}`);
  }
  return parsed.data;
}

/** Written to a temporary file beside it, flushed, then renamed over: a reader sees the old or the new file, never half. */
export async function savePins(path: string, pins: Pins): Promise<void> {
  const sorted: Pins = { schemaVersion: 1, pins: Object.fromEntries(Object.entries(pins.pins).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) };
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const handle = await open(temp, 'wx', 0o644);
  try {
    await handle.writeFile(`${JSON.stringify(sorted, null, 2)}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temp, path);
  } catch (err) {
    await unlink(temp).catch(() => undefined);
    throw err;
  }
}
