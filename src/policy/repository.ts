/** `git+https://github.com/o/r@refs/heads/main`, `https://github.com/o/r` -> `github.com/o/r`, as --source-uri is written. */
export function normalizeRepository(uri: string): string {
  let s = uri.replace(/^git\+/, '').replace(/^https?:\/\//, '');
  const at = s.indexOf('@');
  if (at >= 0) s = s.slice(0, at);
  return s.replace(/\.git$/, '').replace(/\/+$/, '');
}
