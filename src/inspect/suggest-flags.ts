import { escapeText } from '../report/escape-text.js';
import type { UnverifiedAttestation } from './read-attestation.js';

/** Single-quotes a word for a POSIX shell unless it is plainly safe (`'` itself as `'\''`). */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_./:@=+,-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * The verify-artifact line that would check what this attestation claims:
 * options first, then `--`, then the subject names as artifact paths, so a
 * subject named `--emit-vsa=x` is a file name and never an option. Every
 * value is the file's claim, so every one is quoted. A claim holding control
 * characters (or NUL, which no argv can carry) cannot be printed as a command
 * that means what it says: then no command is suggested.
 */
export function suggestCommand(att: UnverifiedAttestation, provenancePath: string): string | undefined {
  const argv = suggestArgv(att, provenancePath);
  if (argv === undefined || argv.some((w) => w.includes('\0') || escapeText(w) !== w)) return undefined;
  return ['slsa-verify', ...argv].map(shellQuote).join(' ');
}

/** The argv (after the program name) that suggestCommand prints. */
export function suggestArgv(att: UnverifiedAttestation, provenancePath: string): string[] | undefined {
  if (att.sourceUri === undefined) return undefined;
  const words = ['verify-artifact', '--provenance-path', provenancePath, '--source-uri', att.sourceUri];
  if (att.builderId !== undefined) words.push('--builder-id', att.builderId);
  if (att.ref?.startsWith('refs/heads/')) words.push('--source-branch', att.ref.slice('refs/heads/'.length));
  else if (att.ref?.startsWith('refs/tags/')) words.push('--source-tag', att.ref.slice('refs/tags/'.length));
  words.push('--', ...(att.subjects.length > 0 ? att.subjects.map((s) => s.name) : ['ARTIFACT']));
  return words;
}
