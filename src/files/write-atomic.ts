import { randomBytes } from 'node:crypto';
import { open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { VerifyError } from '../errors/index.js';

/**
 * The one way the tool writes a file (--emit-vsa, --pins, --save-bundle): a
 * temporary file beside the target under a name nobody can predict, created
 * exclusively (O_EXCL: a planted file or symlink at that name is never
 * followed or reused), flushed, then renamed over the target. A reader sees
 * the old file or the new one, never half; a failed write removes its
 * temporary file and leaves the target untouched. rename() replaces a
 * symlink at the target itself rather than writing through it.
 *
 * `what` names the file in the error, e.g. "VSA" or "--save-bundle".
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array, what: string): Promise<void> {
  const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(8).toString('hex')}.tmp`);
  let created = false;
  try {
    const handle = await open(temporary, 'wx', 0o644);
    created = true;
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
  } catch (err) {
    if (created) await unlink(temporary).catch(() => undefined);
    throw new VerifyError('ErrorUsage', `cannot write ${what} ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, { cause: err });
  }
}
