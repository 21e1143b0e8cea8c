/**
 * Helpers that make JSON values read the way Go's encoding/json reads them,
 * since slsa-verifier's verdicts depend on it.
 */

export type JsonObject = Record<string, unknown>;

export function isJsonObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Own-property lookup: JSON.parse keeps "__proto__" or "constructor" as plain
 * keys, and a Go map lookup must not fall through to Object.prototype.
 */
export function getOwn(obj: JsonObject, key: string): { found: true; value: unknown } | { found: false } {
  if (!Object.prototype.hasOwnProperty.call(obj, key)) return { found: false };
  const desc = Object.getOwnPropertyDescriptor(obj, key);
  return { found: true, value: desc?.value };
}

/**
 * Go matches JSON keys to struct fields case-insensitively, with Unicode
 * simple folding: besides ASCII case, KELVIN SIGN folds to "k" and LATIN
 * SMALL LETTER LONG S to "s". Field names here are ASCII.
 */
export function foldEqual(key: string, field: string): boolean {
  const k = Array.from(key);
  if (k.length !== field.length) return false;
  for (let i = 0; i < field.length; i++) {
    const f = field[i]!;
    const c = k[i]!;
    if (c === f || c.toLowerCase() === f.toLowerCase() && c.length === 1 && c.charCodeAt(0) < 0x80) continue;
    if (c === '\u212a' && (f === 'k' || f === 'K')) continue;
    if (c === '\u017f' && (f === 's' || f === 'S')) continue;
    return false;
  }
  return true;
}

/**
 * Renames keys that Go would bind to a struct field by case-insensitive match
 * (exact matches win). When two keys bind to the same field, Go merges or
 * overwrites in document order; we leave the second key as it is so a strict
 * schema rejects the object instead of guessing.
 */
export function canonicalizeGoKeys(input: JsonObject, fields: readonly string[]): JsonObject {
  const out: JsonObject = {};
  const exact = new Set(fields);
  const taken = new Set<string>();
  for (const key of Object.keys(input)) {
    const { value } = getOwn(input, key) as { value: unknown };
    let target = key;
    if (!exact.has(key)) {
      const field = fields.find((f) => foldEqual(key, f));
      if (field !== undefined && !taken.has(field) && !Object.prototype.hasOwnProperty.call(input, field)) target = field;
    }
    if (exact.has(target)) taken.add(target);
    Object.defineProperty(out, target, { value, enumerable: true, writable: true, configurable: true });
  }
  return out;
}
