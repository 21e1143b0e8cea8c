/**
 * The semantic-version grammar of Go's golang.org/x/mod/semver, which
 * slsa-verifier uses for builder tags and --source-versioned-tag.
 *
 * The npm `semver` package does not fit: Go requires the leading "v", accepts
 * the shorthands "v1" and "v1.2" (as v1.0.0 / v1.2.0), rejects "=v1.2.3" and
 * surrounding spaces, and has no integer size limit. Matching slsa-verifier's
 * verdicts needs Go's grammar exactly, so it is reproduced here.
 */

interface Parsed {
  major: string;
  minor: string;
  patch: string;
  /** ".0.0" or ".0" when the input was a shorthand, else "". */
  short: string;
  /** Including the leading "-", or "". */
  prerelease: string;
  /** Including the leading "+", or "". */
  build: string;
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

function isIdentChar(c: string): boolean {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || isDigit(c) || c === '-';
}

/** A numeric identifier with a leading zero ("01"), which semver forbids. */
function isBadNum(v: string): boolean {
  let i = 0;
  while (i < v.length && isDigit(v[i])) i++;
  return i === v.length && i > 1 && v[0] === '0';
}

function parseInt_(v: string): [string, string] | undefined {
  if (!isDigit(v[0])) return undefined;
  let i = 1;
  while (i < v.length && isDigit(v[i])) i++;
  if (v[0] === '0' && i !== 1) return undefined;
  return [v.slice(0, i), v.slice(i)];
}

function parsePrerelease(v: string): [string, string] | undefined {
  if (v[0] !== '-') return undefined;
  let i = 1;
  let start = 1;
  while (i < v.length && v[i] !== '+') {
    const c = v[i]!;
    if (!isIdentChar(c) && c !== '.') return undefined;
    if (c === '.') {
      if (start === i || isBadNum(v.slice(start, i))) return undefined;
      start = i + 1;
    }
    i++;
  }
  if (start === i || isBadNum(v.slice(start, i))) return undefined;
  return [v.slice(0, i), v.slice(i)];
}

function parseBuild(v: string): [string, string] | undefined {
  if (v[0] !== '+') return undefined;
  let i = 1;
  let start = 1;
  while (i < v.length) {
    const c = v[i]!;
    if (!isIdentChar(c) && c !== '.') return undefined;
    if (c === '.') {
      if (start === i) return undefined;
      start = i + 1;
    }
    i++;
  }
  if (start === i) return undefined;
  return [v.slice(0, i), v.slice(i)];
}

function parse(v: string): Parsed | undefined {
  if (v === '' || v[0] !== 'v') return undefined;
  const major = parseInt_(v.slice(1));
  if (!major) return undefined;
  let rest = major[1];
  if (rest === '') return { major: major[0], minor: '0', patch: '0', short: '.0.0', prerelease: '', build: '' };
  if (rest[0] !== '.') return undefined;
  const minor = parseInt_(rest.slice(1));
  if (!minor) return undefined;
  rest = minor[1];
  if (rest === '') return { major: major[0], minor: minor[0], patch: '0', short: '.0', prerelease: '', build: '' };
  if (rest[0] !== '.') return undefined;
  const patch = parseInt_(rest.slice(1));
  if (!patch) return undefined;
  rest = patch[1];
  let prerelease = '';
  let build = '';
  if (rest[0] === '-') {
    const p = parsePrerelease(rest);
    if (!p) return undefined;
    [prerelease, rest] = p;
  }
  if (rest[0] === '+') {
    const b = parseBuild(rest);
    if (!b) return undefined;
    [build, rest] = b;
  }
  if (rest !== '') return undefined;
  return { major: major[0], minor: minor[0], patch: patch[0], short: '', prerelease, build };
}

export function isValid(v: string): boolean {
  return parse(v) !== undefined;
}

/** "v1.2" -> "v1.2.0"; build metadata dropped; "" when invalid. */
export function canonical(v: string): string {
  const p = parse(v);
  if (!p) return '';
  if (p.build !== '') return v.slice(0, v.length - p.build.length);
  if (p.short !== '') return v + p.short;
  return v;
}

/** "v1" for any valid version of major 1; "" when invalid. */
export function major(v: string): string {
  const p = parse(v);
  return p ? `v${p.major}` : '';
}

export function prerelease(v: string): string {
  return parse(v)?.prerelease ?? '';
}

export function build(v: string): string {
  return parse(v)?.build ?? '';
}
