import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { VerifyError } from '../errors/index.js';
import { parseStrictJson } from './strict-json.js';
import type { LockedPackage } from './locked-package.js';
import { parseNpmLock } from './npm-lock.js';
import { parsePylock } from './pylock.js';
import { parseRequirements } from './requirements.js';

/** Lockfiles are small; a cap keeps a hostile one from exhausting memory. */
const MAX_LOCKFILE_BYTES = 64 * 1024 * 1024;

/** The format is chosen by name: `*.json` package-lock, `pylock.toml`/`pylock.*.toml`, else requirements.txt. */
export async function readLockfile(path: string): Promise<LockedPackage[]> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (err) {
    throw new VerifyError('ErrorUnreadableFile', `${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  if (bytes.length > MAX_LOCKFILE_BYTES) throw new VerifyError('ErrorUsage', `${path} is larger than ${MAX_LOCKFILE_BYTES} bytes`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new VerifyError('ErrorUsage', `${path}: not UTF-8`);
  }
  const name = basename(path);
  if (name.endsWith('.json')) {
    // Duplicate keys would let two readers of one lockfile see two trees.
    return parseNpmLock(parseStrictJson(text, path), name);
  }
  if (/^pylock(?:\.[^.]+)?\.toml$/.test(name)) return parsePylock(text, name);
  return parseRequirements(text, name);
}
