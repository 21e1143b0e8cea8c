import { VerifyError } from '../errors/index.js';
import { emptyRecord } from '../input/own-record.js';

/**
 * Decodes parsed JSON the way Go's encoding/json fills a struct, so that
 * slsa-verifier's reflect.DeepEqual between the signed statement and the
 * human-readable copy compares the same things: unknown keys dropped, keys
 * matched case-insensitively (an exact match wins), null leaving the zero
 * value, nil and empty slices/maps kept apart, a type mismatch an error.
 */
export type GoType =
  | { kind: 'string' }
  | { kind: 'bool' }
  /** interface{}: any JSON value as is. */
  | { kind: 'any' }
  /** *time.Time: RFC 3339, nil when absent. */
  | { kind: 'time' }
  /** []byte: base64 in JSON. */
  | { kind: 'bytes' }
  | { kind: 'slice'; of: GoType }
  | { kind: 'map'; of: GoType }
  | { kind: 'struct'; fields: Readonly<Record<string, GoType>> }
  | { kind: 'ptr'; to: GoType };

export const goString: GoType = { kind: 'string' };
export const goBool: GoType = { kind: 'bool' };
export const goAny: GoType = { kind: 'any' };
export const goTime: GoType = { kind: 'time' };
export const goBytes: GoType = { kind: 'bytes' };
export const goSlice = (of: GoType): GoType => ({ kind: 'slice', of });
export const goMap = (of: GoType): GoType => ({ kind: 'map', of });
export const goStruct = (fields: Readonly<Record<string, GoType>>): GoType => ({ kind: 'struct', fields });
export const goPtr = (to: GoType): GoType => ({ kind: 'ptr', to });

/** A decoded time: the instant and the written offset, which Go's DeepEqual also compares. */
export interface GoTimeValue {
  goTime: string;
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$/;

function typeError(path: string, want: string): VerifyError {
  return new VerifyError('ErrorInvalidDssePayload', `json: cannot unmarshal into ${want} at ${path || 'top level'}`);
}

function zero(type: GoType): unknown {
  switch (type.kind) {
    case 'string':
      return '';
    case 'bool':
      return false;
    case 'struct':
      return Object.fromEntries(Object.entries(type.fields).map(([k, t]) => [k, zero(t)]));
    default:
      return null;
  }
}

function decodeTime(value: string, path: string): GoTimeValue {
  const m = RFC3339.exec(value);
  if (!m) throw new VerifyError('ErrorInvalidDssePayload', `parsing time ${JSON.stringify(value)} at ${path}`);
  const [, y, mo, d, h, mi, s, frac = '', zone = 'Z'] = m;
  const nanos = frac === '' ? '000000000' : frac.slice(1).padEnd(9, '0');
  const offset = zone.toUpperCase() === 'Z' ? 0 : (zone.startsWith('-') ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)) - offset * 60_000;
  if (Number.isNaN(ms) || Number(mo) > 12 || Number(d) > 31 || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) {
    throw new VerifyError('ErrorInvalidDssePayload', `parsing time ${JSON.stringify(value)} at ${path}: out of range`);
  }
  return { goTime: `${Math.floor(ms / 1000)}.${nanos}${zone.toUpperCase() === 'Z' ? 'Z' : zone}` };
}

/** Go picks the field whose tag equals the key, else one that equals it ignoring case. */
function fieldFor(fields: Readonly<Record<string, GoType>>, key: string): string | undefined {
  if (Object.hasOwn(fields, key)) return key;
  const folded = key.toLowerCase();
  return Object.keys(fields).find((f) => f.toLowerCase() === folded);
}

export function goDecode(value: unknown, type: GoType, path = ''): unknown {
  if (value === null) return zero(type);
  switch (type.kind) {
    case 'any':
      return value;
    case 'string':
      if (typeof value !== 'string') throw typeError(path, 'string');
      return value;
    case 'bool':
      if (typeof value !== 'boolean') throw typeError(path, 'bool');
      return value;
    case 'time':
      if (typeof value !== 'string') throw typeError(path, 'time.Time');
      return decodeTime(value, path);
    case 'bytes':
      if (typeof value !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(value) || value.length % 4 !== 0) throw typeError(path, '[]byte');
      return Buffer.from(value, 'base64').toString('base64');
    case 'ptr':
      return goDecode(value, type.to, path);
    case 'slice':
      if (!Array.isArray(value)) throw typeError(path, 'slice');
      return value.map((v, i) => goDecode(v, type.of, `${path}[${i}]`));
    case 'map': {
      if (typeof value !== 'object' || Array.isArray(value)) throw typeError(path, 'map');
      // A signed key "__proto__" must stay a key, not become the map's prototype.
      const out = emptyRecord<unknown>();
      for (const [k, v] of Object.entries(value)) out[k] = goDecode(v, type.of, `${path}.${k}`);
      return out;
    }
    case 'struct': {
      if (typeof value !== 'object' || Array.isArray(value)) throw typeError(path, 'struct');
      const out = zero(type) as Record<string, unknown>;
      for (const [k, v] of Object.entries(value)) {
        const field = fieldFor(type.fields, k);
        if (field !== undefined) out[field] = goDecode(v, type.fields[field]!, path ? `${path}.${field}` : field);
      }
      return out;
    }
  }
}

/** reflect.DeepEqual over decoded values: maps unordered, nil distinct from empty. */
export function goDeepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((v, i) => goDeepEqual(v, b[i]));
  }
  const ak = Object.keys(a);
  const bk = Object.keys(b);
  if (ak.length !== bk.length) return false;
  return ak.every((k) => Object.hasOwn(b, k) && goDeepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
