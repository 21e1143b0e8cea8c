/**
 * Mutants of signed evidence: every string and number leaf of a JSON
 * document changed in turn, and every member removed or given another type.
 * Each mutant differs from the original in exactly one place, so a verifier
 * that accepts one has let an unauthenticated byte through (unless the test
 * lists the field as a documented hint).
 *
 * Leaves are changed at the level of what they encode: a base64 string is
 * decoded, one byte is flipped and it is encoded again (a changed base64
 * character may decode to the same bytes); decimal and hex digits become
 * another digit; other text gets another character. Long values are changed
 * at evenly spaced positions (`positions` of them, plus both ends), so every
 * leaf path is mutated at least once and the set is the same on every run.
 */

export type MutationKind = 'byte' | 'digit' | 'hex' | 'char' | 'number' | 'boolean' | 'delete' | 'retype';

export interface Mutant {
  /** Dotted JSON path of the changed member, e.g. `verificationMaterial.tlogEntries.0.logIndex`. */
  path: string;
  kind: MutationKind;
  /** What changed, for the report (e.g. `byte 17 of 1032`). */
  detail: string;
  /** The mutated value (undefined for a removed member). */
  value: unknown;
  document: unknown;
}

export interface MutationOptions {
  /** Evenly spaced positions tried in a long value, besides its first and last. */
  positions: number;
  /** Also remove each member and replace each value by one of another JSON type. */
  structural: boolean;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type PathPart = string | number;

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const DECIMAL = /^[0-9]+$/;
const HEX = /^[0-9a-f]+$/;

export function* mutantsOf(document: unknown, options: MutationOptions): Generator<Mutant> {
  const root = document as Json;
  for (const { path, value } of members(root, [])) {
    const name = path.join('.');
    const replace = (kind: MutationKind, detail: string, replacement: Json): Mutant => ({
      path: name, kind, detail, value: replacement, document: withValue(root, path, replacement),
    });
    if (typeof value === 'string') yield* stringMutants(value, options.positions, replace);
    else if (typeof value === 'number') yield replace('number', `${value} + 1`, value + 1);
    else if (typeof value === 'boolean') yield replace('boolean', `not ${value}`, !value);
    if (options.structural) {
      // A null member and an absent one are the same (protobuf JSON, and every reader here): removing it changes nothing.
      if (value !== null) yield { path: name, kind: 'delete', detail: 'removed', value: undefined, document: withValue(root, path, undefined) };
      const other = otherType(value);
      yield replace('retype', `${typeOf(value)} -> ${typeOf(other)}`, other);
    }
  }
}

function* stringMutants(value: string, positions: number, replace: (kind: MutationKind, detail: string, v: Json) => Mutant): Generator<Mutant> {
  if (value === '') {
    yield replace('char', 'empty -> "A"', 'A');
    return;
  }
  if (DECIMAL.test(value)) {
    for (const i of spread(value.length, positions)) yield replace('digit', `digit ${i} of ${value.length}`, setChar(value, i, nextDigit(value[i]!)));
    return;
  }
  if (HEX.test(value) && value.length % 2 === 0 && value.length >= 16) {
    for (const i of spread(value.length, positions)) yield replace('hex', `hex digit ${i} of ${value.length}`, setChar(value, i, nextHex(value[i]!)));
    return;
  }
  const bytes = canonicalBase64(value);
  if (bytes && bytes.length >= 4) {
    for (const i of spread(bytes.length, positions)) {
      const changed = Buffer.from(bytes);
      changed[i] = changed[i]! ^ 0x01;
      yield replace('byte', `byte ${i} of ${bytes.length}`, changed.toString('base64'));
    }
    return;
  }
  for (const i of spread(value.length, positions)) yield replace('char', `character ${i} of ${value.length}`, setChar(value, i, nextChar(value[i]!)));
}

/** Decoded bytes when `value` is base64 that re-encodes to itself. */
function canonicalBase64(value: string): Buffer | undefined {
  if (!BASE64.test(value) || value.length % 4 !== 0) return undefined;
  const bytes = Buffer.from(value, 'base64');
  return bytes.toString('base64') === value ? bytes : undefined;
}

/** Positions 0 and n-1 and `count` evenly spaced ones between, without repeats; all of them when n is small. */
export function spread(n: number, count: number): number[] {
  if (n <= count + 2) return Array.from({ length: n }, (_, i) => i);
  const out = new Set<number>([0, n - 1]);
  for (let k = 1; k <= count; k++) out.add(Math.floor((k * (n - 1)) / (count + 1)));
  return [...out].sort((a, b) => a - b);
}

function setChar(s: string, i: number, c: string): string {
  return s.slice(0, i) + c + s.slice(i + 1);
}

function nextDigit(c: string): string {
  return String((Number(c) + 1) % 10);
}

function nextHex(c: string): string {
  return ((parseInt(c, 16) + 1) % 16).toString(16);
}

function nextChar(c: string): string {
  if (c >= '0' && c <= '9') return nextDigit(c);
  if (c >= 'a' && c <= 'z') return c === 'z' ? 'a' : String.fromCharCode(c.charCodeAt(0) + 1);
  if (c >= 'A' && c <= 'Z') return c === 'Z' ? 'A' : String.fromCharCode(c.charCodeAt(0) + 1);
  return c === 'x' ? 'y' : 'x';
}

/** A value of another JSON type that cannot mean the same (a number could repeat a decimal string). */
function otherType(value: Json): Json {
  if (typeof value === 'string') return true;
  if (Array.isArray(value)) return {};
  if (value !== null && typeof value === 'object') return [];
  return 'x';
}

function typeOf(value: Json): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** Every member of every object and element of every array, depth first, with its path. */
function* members(value: Json, path: PathPart[]): Generator<{ path: PathPart[]; value: Json }> {
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      yield { path: [...path, i], value: item };
      yield* members(item, [...path, i]);
    }
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      yield { path: [...path, key], value: item };
      yield* members(item, [...path, key]);
    }
  }
}

/** A copy of `root` with the member at `path` replaced (or removed when `replacement` is undefined). */
function withValue(root: Json, path: PathPart[], replacement: Json | undefined): Json {
  const [head, ...rest] = path;
  if (head === undefined) return replacement as Json;
  if (Array.isArray(root) && typeof head === 'number') {
    const copy = [...root];
    if (rest.length === 0 && replacement === undefined) copy.splice(head, 1);
    else copy[head] = withValue(root[head]!, rest, replacement);
    return copy;
  }
  const object = root as { [key: string]: Json };
  const copy: { [key: string]: Json } = { ...object };
  if (rest.length === 0 && replacement === undefined) delete copy[head as string];
  else copy[head as string] = withValue(object[head as string]!, rest, replacement);
  return copy;
}
