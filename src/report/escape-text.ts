/**
 * Every string a text renderer prints that it did not write itself (subject
 * names, builder IDs, refs, paths, error messages quoting signed values) goes
 * through here. A newline, carriage return or terminal escape in a signed
 * string could otherwise draw a `PASSED` line of its own; bidi overrides and
 * line separators could reorder or split what the user reads. Ordinary
 * strings come out byte for byte, so slsa-verifier's lines are unchanged.
 */

/**
 * C0 controls, DEL, C1 controls, bidi marks/embeddings/overrides/isolates,
 * line and paragraph separators; and the invisible format characters (soft
 * hyphen, zero-width space/joiners, word joiner and invisible operators, BOM)
 * that make one string look like another.
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;
/** The same minus C0, which JSON.stringify already escapes. */
const UNSAFE_IN_JSON = /[\u007f-\u009f\u00ad\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;

const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function hexEscape(ch: string): string {
  const code = ch.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** The string with every unsafe character written as a visible escape (`\n`, `\x1b`, `\u202e`). */
export function escapeText(value: string): string {
  return value.replace(UNSAFE, (ch) => NAMED[ch] ?? hexEscape(ch));
}

/**
 * Tag for a line of text output: the literal parts are the renderer's own and
 * stay as written (their newlines too); every interpolated value is escaped.
 *   safeText`Verifying artifact ${path}: PASSED\n`
 */
export function safeText(literals: TemplateStringsArray, ...values: unknown[]): string {
  let out = literals[0] ?? '';
  values.forEach((value, i) => {
    out += escapeText(String(value)) + (literals[i + 1] ?? '');
  });
  return out;
}

/**
 * A `--format json` document: JSON.stringify leaves C1 controls and the bidi
 * and separator characters raw inside strings, which a terminal showing the
 * document still acts on; `\uXXXX` means the same to every JSON reader.
 */
export function jsonDocument(document: unknown): string {
  const text = JSON.stringify(document, null, 2).replace(UNSAFE_IN_JSON, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return `${text}\n`;
}
