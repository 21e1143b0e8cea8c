import * as z from 'zod';

/**
 * Maps keyed by strings a user or a signer chose (workflow inputs, digest
 * sets, pins, annotations). A plain object literal treats "__proto__" as its
 * prototype and answers "constructor" or "toString" from Object.prototype, so
 * such a key would vanish or resolve to a function; these maps have no
 * prototype, and every key is an ordinary key.
 */
export function emptyRecord<V>(): Record<string, V> {
  return Object.create(null) as Record<string, V>;
}

/** Own enumerable properties only, even one named "__proto__" (as JSON.parse and the YAML parser create it). */
function ownEntries(input: object): [string, unknown][] {
  return Object.keys(input).map((key) => [key, Object.getOwnPropertyDescriptor(input, key)?.value]);
}

/**
 * z.record for untrusted keys: every own key of the parsed JSON/YAML object
 * is checked (zod's record and object schemas skip "__proto__" without a
 * word), and the result is a prototype-free map.
 */
export function ownRecord<V extends z.ZodType>(value: V, key: z.ZodType<string> = z.string()) {
  return z.unknown().transform((input, ctx): Record<string, z.output<V>> => {
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      ctx.addIssue({ code: 'custom', message: `expected an object, got ${input === null ? 'null' : Array.isArray(input) ? 'an array' : typeof input}` });
      return z.NEVER;
    }
    const out = emptyRecord<z.output<V>>();
    for (const [k, v] of ownEntries(input)) {
      const name = key.safeParse(k);
      if (!name.success) {
        ctx.addIssue({ code: 'custom', message: `key '${k}': ${name.error.issues[0]?.message ?? 'invalid'}`, path: [k] });
        continue;
      }
      const parsed = value.safeParse(v);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) ctx.addIssue({ ...issue, path: [k, ...issue.path] } as Parameters<typeof ctx.addIssue>[0]);
        continue;
      }
      out[k] = parsed.data as z.output<V>;
    }
    return out;
  });
}
