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
 * `poetry.lock`, `Pipfile.lock`, `uv.lock`, `pnpm-lock.yaml`, `yarn.lock` (or
 * their content under another name), else requirements.txt; each parser then
 * refuses content that is not of its format.
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
  const npmKind = yarnOrPnpm(name, text);
  // Loaded only for their own lockfiles: the yarn.lock parser alone is ~280 KB that every other run would compile.
  if (npmKind === 'pnpm') return (await import('./pnpm-lock.js')).parsePnpmLock(text, name);
  if (npmKind === 'yarn') return (await import('./yarn-lock.js')).parseYarnLock(text, name);
  if (npmKind === 'yarn-berry') return (await import('./yarn-lock.js')).parseYarnBerryLock(text, name);
  const python = pythonLockKind(name, text);
  if (python === 'poetry') return parsePoetryLock(text, name);
  if (python === 'pipfile') return parsePipfileLock(text, name);
  if (python === 'uv') return parseUvLock(text, name);
  return parseRequirements(text, name);
}

/** pnpm and yarn lockfiles by what they say they are (their first lines), whatever the file is called; else by their usual names. */
function yarnOrPnpm(name: string, text: string): 'pnpm' | 'yarn' | 'yarn-berry' | undefined {
  if (/^__metadata:\s*$/m.test(text)) return 'yarn-berry';
  if (/^# yarn lockfile v1\s*$/m.test(text)) return 'yarn';
  if (/^lockfileVersion:\s*['"]?\d/m.test(text)) return 'pnpm';
  if (name === 'yarn.lock') return 'yarn';
  if (name === 'pnpm-lock.yaml') return 'pnpm';
  return undefined;
}
