import type { UnverifiedAttestation } from './read-attestation.js';

/** Single-quotes a shell word unless it is plainly safe. */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_./:@=+,-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The verify-artifact line that would check what this attestation claims. */
export function suggestCommand(att: UnverifiedAttestation, provenancePath: string): string | undefined {
  if (att.sourceUri === undefined) return undefined;
  const words = ['slsa-verify', 'verify-artifact'];
  words.push(...(att.subjects.length > 0 ? att.subjects.map((s) => s.name) : ['ARTIFACT']));
  words.push('--provenance-path', provenancePath, '--source-uri', att.sourceUri);
  if (att.builderId !== undefined) words.push('--builder-id', att.builderId);
  if (att.ref?.startsWith('refs/heads/')) words.push('--source-branch', att.ref.slice('refs/heads/'.length));
  else if (att.ref?.startsWith('refs/tags/')) words.push('--source-tag', att.ref.slice('refs/tags/'.length));
  return words.map(shellQuote).join(' ');
}
