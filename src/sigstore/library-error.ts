/**
 * The detail worth showing from an error a library threw while reading
 * evidence: its parse message, in parentheses. A JavaScript runtime error
 * (TypeError, RangeError, ...) says something about the library's code, not
 * about the evidence, so it is never shown.
 */
export function libraryDetail(err: unknown): string {
  if (!(err instanceof Error)) return '';
  if (err instanceof TypeError || err instanceof RangeError || err instanceof ReferenceError || err instanceof SyntaxError) return '';
  return err.message ? ` (${err.message})` : '';
}
