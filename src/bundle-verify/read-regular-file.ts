import { open } from 'node:fs/promises';
import { VerifyError } from '../errors/index.js';

/**
 * Reads a regular file of at most `maxBytes`: a FIFO, a device (/dev/zero)
 * or a directory is refused before any read, and a file that grows past the
 * cap while read is refused too (at most cap + 1 bytes are read).
 * To be replaced by the shared src/files/read-bounded.ts once it lands.
 */
export async function readRegularFile(path: string, what: string, maxBytes: number): Promise<Buffer> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (err) {
    throw new VerifyError('ErrorUnreadableFile', `${what} ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new VerifyError('ErrorUnreadableFile', `${what} ${path}: not a regular file`);
    if (stat.size > maxBytes) throw new VerifyError('ErrorInvalidFormat', `${what} ${path} is larger than ${maxBytes} bytes`);
    const buffer = Buffer.alloc(Math.min(stat.size, maxBytes) + 1);
    let length = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length === buffer.length) throw new VerifyError('ErrorInvalidFormat', `${what} ${path} changed while it was read`);
    }
    return buffer.subarray(0, length);
  } finally {
    await handle.close();
  }
}
