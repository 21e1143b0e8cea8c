import { VerifyError } from '../errors/index.js';

/** SLSA track levels are SLSA_<TRACK>_LEVEL_<n>; anything else (e.g. FEDRAMP_LOW) is matched verbatim. */
export function isSlsaTrackLevel(level: string): boolean {
  return level.startsWith('SLSA_');
}

/** Track -> highest level listed, e.g. [SLSA_BUILD_LEVEL_2, SLSA_BUILD_LEVEL_3] -> {BUILD: 3}. */
export function slsaTrackLevels(levels: readonly string[]): Map<string, number> {
  const ladder = new Map<string, number>();
  for (const level of levels) {
    if (!isSlsaTrackLevel(level)) continue;
    // Go's strings.SplitN(level, "_", 4): the rest stays in the last part.
    const parts = level.split('_');
    const [, track, word] = parts;
    const number = parts.slice(3).join('_');
    if (parts.length < 4 || word !== 'LEVEL' || !/^[+-]?\d+$/.test(number) || !Number.isSafeInteger(Number(number))) {
      throw new VerifyError('ErrorInvalidSLSALevel', `invalid SLSA level: ${level}`, { actual: level });
    }
    const n = Number(number);
    ladder.set(track!, Math.max(ladder.get(track!) ?? n, n));
  }
  return ladder;
}

/**
 * Each expected SLSA track must be attested at that level or higher (a
 * BUILD_LEVEL_3 VSA satisfies an expected BUILD_LEVEL_2); every other
 * expected level must be listed exactly.
 */
export function verifyVerifiedLevels(expected: readonly string[], attested: readonly string[]): void {
  const wanted = slsaTrackLevels(expected);
  const got = slsaTrackLevels(attested);
  for (const [track, minimum] of wanted) {
    const level = got.get(track);
    if (level === undefined) {
      throw new VerifyError('ErrorMismatchVerifiedLevels', `expected SLSA level not found: ${track}`, { expected: `SLSA_${track}_LEVEL_${minimum}` });
    }
    if (level < minimum) {
      throw new VerifyError('ErrorMismatchVerifiedLevels', `expected SLSA level ${track} to be at least ${minimum}, got ${level}`, {
        expected: `SLSA_${track}_LEVEL_${minimum}`,
        actual: `SLSA_${track}_LEVEL_${level}`,
      });
    }
  }
  const others = new Set(attested.filter((l) => !isSlsaTrackLevel(l)));
  for (const level of expected) {
    if (!isSlsaTrackLevel(level) && !others.has(level)) {
      throw new VerifyError('ErrorMismatchVerifiedLevels', `expected verified level not found: ${level}`, { expected: level });
    }
  }
}
