import { basename } from 'node:path';
import { VerifyError } from '../errors/index.js';
import { readBoundedFile } from '../files/read-bounded.js';
import { parseStrictJson } from './strict-json.js';
import type { LockedPackage } from './locked-package.js';
import { parseNpmLock } from './npm-lock.js';
import { parsePylock } from './pylock.js';
import { parseRequirements } from './requirements.js';
import { parsePoetryLock } from './poetry-lock.js';
import { parsePipfileLock } from './pipfile-lock.js';
import { parseUvLock } from './uv-lock.js';
import { pythonLockKind } from './python-lock-kind.js';
import { FILE_CAPS } from '../files/caps.js';

/** Lockfiles are small; a cap keeps a hostile one from exhausting memory. */
const MAX_LOCKFILE_BYTES = FILE_CAPS.lockfile;

/**
 * The format is chosen by name: `*.json` package-lock, `pylock.toml`/`pylock.*.toml`,
 * `poetry.lock`, `Pipfile.lock`, `uv.lock` (or their content under another
 * name), else requirements.txt; each parser then refuses content that is
 * not of its format.
 */
export async function readLockfile(path: string): Promise<LockedPackage[]> {
  const bytes = await readBoundedFile(path, { what: 'lockfile', maxBytes: MAX_LOCKFILE_BYTES, tooLargeCode: 'ErrorUsage' });
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
  const python = pythonLockKind(name, text);
  if (python === 'poetry') return parsePoetryLock(text, name);
  if (python === 'pipfile') return parsePipfileLock(text, name);
  if (python === 'uv') return parseUvLock(text, name);
  return parseRequirements(text, name);
}
