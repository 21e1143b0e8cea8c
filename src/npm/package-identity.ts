import semver from 'semver';
import { VerifyError } from '../errors/index.js';
import type { Subject } from '../provenance/statement.js';
import type { PublishStatement } from './publish-statement.js';

/**
 * The package name and version are claimed in four places, and all must be
 * the ones asked for: the provenance subject and the publish subject (purls
 * "pkg:npm/NAME@VERSION"), the publish predicate, and the tarball's own
 * package.json. slsa-verifier checks the first three (its publish-subject
 * check reads the predicate a second time; we read the subject).
 */
export interface PackageClaims {
  provenanceSubjects: readonly Subject[];
  publish: PublishStatement;
  manifest: { name: string; version: string };
}

const PURL_PREFIX = 'pkg:npm/';

/** Go's url.QueryUnescape: "+" is a space, "%XX" an escape, a bad escape an error. */
function queryUnescape(s: string): string {
  if (/%(?![0-9A-Fa-f]{2})/.test(s)) throw new VerifyError('ErrorInvalidEncoding', `invalid URL escape in "${s}"`);
  try {
    return decodeURIComponent(s.replaceAll('+', ' '));
  } catch {
    throw new VerifyError('ErrorInvalidEncoding', `invalid URL escape in "${s}"`);
  }
}

/** "@scope/name@1.2.3" -> name "@scope/name", version "1.2.3" (getPackageNameAndVersion). */
export function splitNameAndVersion(spec: string): { name: string; version: string } {
  const scoped = spec.startsWith('@');
  const parts = (scoped ? spec.slice(1) : spec).split('@');
  if (parts.length > 2) throw new VerifyError('ErrorInvalidPackageName', spec, { actual: spec });
  return { name: (scoped ? '@' : '') + parts[0]!, version: parts[1] ?? '' };
}

/** The single subject's purl, decoded. */
function purlSpec(subjects: readonly { name: string }[], where: string): string {
  if (subjects.length !== 1) throw new VerifyError('ErrorInvalidSubject', `${where}: expected 1 subject, got ${subjects.length}`);
  const name = subjects[0]!.name;
  if (!name.startsWith(PURL_PREFIX)) throw new VerifyError('ErrorInvalidPackageName', `${where}: ${name}`, { actual: name });
  return queryUnescape(name.slice(PURL_PREFIX.length));
}

function mismatchName(where: string, actual: string, expected: string): VerifyError {
  return new VerifyError('ErrorMismatchPackageName', `${where}: got '${actual}', expected '${expected}'`, { expected, actual });
}

function mismatchVersion(where: string, actual: string, expected: string): VerifyError {
  return new VerifyError('ErrorMismatchPackageVersion', `${where}: got '${actual}', expected '${expected}'`, { expected, actual });
}

export function verifyPackageName(claims: PackageClaims, expected: string): void {
  const provenance = splitNameAndVersion(purlSpec(claims.provenanceSubjects, 'provenance subject')).name;
  if (provenance !== expected) throw mismatchName('provenance subject', provenance, expected);
  const publish = splitNameAndVersion(purlSpec(claims.publish.subject, 'publish subject')).name;
  if (publish !== expected) throw mismatchName('publish subject', publish, expected);
  if (claims.publish.predicate.name !== expected) throw mismatchName('publish predicate', claims.publish.predicate.name, expected);
  if (claims.manifest.name !== expected) throw mismatchName('tarball package.json', claims.manifest.name, expected);
}

export function verifyPackageVersion(claims: PackageClaims, expected: string): void {
  const provenance = splitNameAndVersion(purlSpec(claims.provenanceSubjects, 'provenance subject')).version;
  if (provenance !== expected) throw mismatchVersion('provenance subject', provenance, expected);
  const publish = splitNameAndVersion(purlSpec(claims.publish.subject, 'publish subject')).version;
  if (publish !== expected) throw mismatchVersion('publish subject', publish, expected);
  if (claims.publish.predicate.version !== expected) throw mismatchVersion('publish predicate', claims.publish.predicate.version, expected);
  // npm publishes the cleaned version ("v1.0.0 " is published as "1.0.0").
  const manifest = claims.manifest.version;
  if (manifest !== expected && semver.clean(manifest) !== expected) throw mismatchVersion('tarball package.json', manifest, expected);
}
