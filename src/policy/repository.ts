/**
 * `git+https://github.com/o/r@refs/heads/main`, `https://github.com/o/r.git/`
 * -> `github.com/o/r`, as --source-uri is written. Only those spellings are
 * folded: any other `@` stays (so `github.com/o/r@x` is not `github.com/o/r`),
 * and case is kept (a case variant does not match: fail closed).
 */
export function normalizeRepository(uri: string): string {
  let s = uri.replace(/^git\+/, '').replace(/^https?:\/\//, '');
  s = s.replace(/@refs\/.*$/s, '');
  return s.replace(/\/+$/, '').replace(/\.git$/, '').replace(/\/+$/, '');
}
