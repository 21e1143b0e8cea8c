/**
 * "Did you mean ...?" for a mistyped command or flag. Only names the CLI
 * defines are ever suggested; the user's word only ranks them.
 */

/** slsa-verifier v1 flag names, and other short spellings people type, and what they became. */
const RENAMED_FLAGS: ReadonlyMap<string, string> = new Map([
  ['--provenance', '--provenance-path'],
  ['--source', '--source-uri'],
  ['--branch', '--source-branch'],
  ['--tag', '--source-tag'],
  ['--versioned-tag', '--source-versioned-tag'],
  ['--builder', '--builder-id'],
  ['--builderid', '--builder-id'],
  ['--attestation', '--attestation-path'],
  ['--attestations', '--attestations-path'],
  ['--print-attestation', '--print-provenance'],
  ['--print-provenance', '--print-attestation'],
  ['--json', '--format'],
  ['--output', '--format'],
  ['--root', '--trusted-root'],
  ['--repo', '--repository'],
  ['--source-repository', '--repository'],
]);

/** Optimal string alignment distance (Levenshtein with adjacent transpositions). */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * The candidates closest to `word`, best first (at most three): a known
 * rename, then names that start with the word (`--provenance` for
 * `--provenance-path`) or that it starts with, then small edit distances
 * (`verify-artefact`).
 */
export function suggestNames(word: string, candidates: readonly string[]): string[] {
  const known = new Set(candidates);
  const renamed = RENAMED_FLAGS.get(word.toLowerCase());
  if (renamed !== undefined && known.has(renamed)) return [renamed];
  const bare = (s: string): string => s.replace(/^--?/, '').toLowerCase();
  const w = bare(word);
  if (w.length < 2) return [];
  const scored: { name: string; score: number }[] = [];
  for (const name of known) {
    const n = bare(name);
    if (n === w) {
      scored.push({ name, score: 0 });
      continue;
    }
    const prefix = w.length >= 3 && (n.startsWith(w) || w.startsWith(n));
    const distance = editDistance(w, n);
    const close = distance <= Math.max(1, Math.min(3, Math.floor(Math.max(w.length, n.length) / 4)));
    if (prefix) scored.push({ name, score: 1 + Math.abs(n.length - w.length) / 100 });
    else if (close) scored.push({ name, score: 2 + distance });
  }
  scored.sort((a, b) => a.score - b.score || a.name.localeCompare(b.name));
  const best = scored[0]?.score;
  // Keep only the best tier: a prefix match beats any edit-distance guess.
  return scored.filter((s) => best !== undefined && Math.floor(s.score) === Math.floor(best)).slice(0, 3).map((s) => s.name);
}

/** " (did you mean X?)" / " (did you mean X or Y?)", or "" when nothing is close. */
export function didYouMean(names: readonly string[]): string {
  if (names.length === 0) return '';
  const list = names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} or ${names.at(-1)!}`;
  return ` (did you mean ${list}?)`;
}
