import { randomBytes } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { VerifyError } from '../errors/index.js';

/**
 * Temp file in the same directory, then rename: a reader never sees half a
 * VSA, and a failed write leaves whatever was at the path untouched.
 */
export async function writeFileAtomic(path: string, data: string): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(temp, data, { flag: 'wx', mode: 0o644 });
    await rename(temp, path);
  } catch (err) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw new VerifyError('ErrorUsage', `cannot write VSA ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
}
