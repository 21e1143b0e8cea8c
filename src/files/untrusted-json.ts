/**
 * JSON.parse for bytes the tool did not write. V8 parses any depth, but
 * everything after it recurses: JSON.stringify (the `--format json` report),
 * schema walkers, library decoders. A document nested deeper than any real
 * provenance, lockfile or key list is refused here, before it is parsed, so
 * every renderer sees the same clear failure instead of a stack overflow in one.
 */

/** Real documents nest about ten levels; JSON.stringify overflows the stack near 4,000 (measured). */
export const MAX_JSON_DEPTH = 1000;

/** A SyntaxError, so callers that report "not JSON" keep doing so, with a message that says why. */
export class JsonTooDeepError extends SyntaxError {
  constructor() {
    super(`JSON nested deeper than ${MAX_JSON_DEPTH} levels`);
    this.name = 'JsonTooDeepError';
  }
}

export function parseUntrustedJson(text: string): unknown {
  if (nestsDeeperThan(text, MAX_JSON_DEPTH)) throw new JsonTooDeepError();
  return JSON.parse(text) as unknown;
}

/**
 * Counts open brackets outside strings. Only an upper bound matters: for
 * valid JSON it is the exact depth, and invalid JSON fails in JSON.parse anyway.
 */
export function nestsDeeperThan(text: string, limit: number): boolean {
  // Deeper than `limit` needs more than `limit` characters.
  if (text.length <= limit) return false;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // a backslash escapes the next character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}
