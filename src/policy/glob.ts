/**
 * Shell-style globs for branch, tag, repository and package names: `*` any
 * run of characters but `/`, `**` any run including `/`, `?` one character
 * but `/`. Everything else is literal, and the whole name must match.
 */
export function globToRegExp(glob: string, options: { ignoreCase?: boolean } = {}): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*' && glob[i + 1] === '*') {
      source += '.*';
      i++;
    } else if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else source += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, options.ignoreCase === true ? 'si' : 's');
}

export function matchesGlob(name: string, glob: string, options: { ignoreCase?: boolean } = {}): boolean {
  return globToRegExp(glob, options).test(name);
}

export function matchesAnyGlob(name: string, globs: readonly string[]): boolean {
  return globs.some((g) => matchesGlob(name, g));
}
