import { VerifyError } from '../errors/index.js';

/**
 * A distribution filename, parsed as pypi-attestations compares them
 * (`_check_dist_filename`, i.e. packaging's parse_wheel_filename /
 * parse_sdist_filename): the project name canonicalised (PEP 503), the
 * version, the wheel build tag and the set of expanded wheel tags. Versions
 * are compared as written (lowercased), which is stricter than PEP 440
 * equality: fail closed rather than reimplement it.
 */
export interface DistName {
  kind: 'wheel' | 'sdist';
  project: string;
  version: string;
  build: string;
  /** Sorted `interpreter-abi-platform` triples. */
  tags: string[];
}

/** PEP 440 public and local versions (case-insensitive), as packaging accepts them. */
const VERSION = /^v?(?:\d+!)?\d+(?:\.\d+)*(?:[-_.]?(?:a|b|c|rc|alpha|beta|pre|preview)[-_.]?\d*)?(?:-\d+|[-_.]?(?:post|rev|r)[-_.]?\d*)?(?:[-_.]?dev[-_.]?\d*)?(?:\+[a-z0-9]+(?:[-_.][a-z0-9]+)*)?$/i;

function invalid(name: string, why: string): VerifyError {
  return new VerifyError('ErrorInvalidSubject', `invalid distribution filename ${JSON.stringify(name)}: ${why}`);
}

/** PEP 503: runs of `-`, `_` and `.` are one `-`, and case is ignored. */
export function canonicalProject(name: string): string {
  return name.replace(/[-_.]+/g, '-').toLowerCase();
}

function version(filename: string, v: string): string {
  if (!VERSION.test(v)) throw invalid(filename, `invalid version ${JSON.stringify(v)}`);
  return v.toLowerCase();
}

export function parseDistFilename(filename: string): DistName {
  if (filename.includes('/') || filename.includes('\\')) throw invalid(filename, 'not a bare filename');
  if (filename.endsWith('.whl')) {
    const stem = filename.slice(0, -'.whl'.length);
    const parts = stem.split('-');
    if (parts.length !== 5 && parts.length !== 6) throw invalid(filename, 'a wheel name has 5 or 6 dash-separated parts');
    const [project, ver] = parts as [string, string];
    if (project.includes('__') || !/^[\p{L}\p{N}._]+$/u.test(project)) throw invalid(filename, 'invalid project name');
    const build = parts.length === 6 ? parts[2]! : '';
    if (build !== '' && !/^\d/.test(build)) throw invalid(filename, 'the build tag must start with a digit');
    const [py, abi, plat] = parts.slice(-3) as [string, string, string];
    const tags = new Set<string>();
    for (const i of py.split('.')) for (const a of abi.split('.')) for (const p of plat.split('.')) tags.add(`${i}-${a}-${p}`.toLowerCase());
    return { kind: 'wheel', project: canonicalProject(project), version: version(filename, ver), build, tags: [...tags].sort() };
  }
  let stem: string;
  if (filename.endsWith('.tar.gz')) stem = filename.slice(0, -'.tar.gz'.length);
  else if (filename.endsWith('.zip')) stem = filename.slice(0, -'.zip'.length);
  else throw invalid(filename, 'neither a wheel (.whl) nor an sdist (.tar.gz, .zip)');
  const dash = stem.lastIndexOf('-');
  if (dash <= 0) throw invalid(filename, 'an sdist name is NAME-VERSION');
  return { kind: 'sdist', project: canonicalProject(stem.slice(0, dash)), version: version(filename, stem.slice(dash + 1)), build: '', tags: [] };
}

export function sameDistribution(a: DistName, b: DistName): boolean {
  return a.kind === b.kind && a.project === b.project && a.version === b.version && a.build === b.build && a.tags.join(' ') === b.tags.join(' ');
}
