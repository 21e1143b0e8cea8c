import { VerifyError } from '../errors/index.js';
import { tagFromGitRef } from '../provenance/git.js';
import type { ProvenanceClaims } from '../provenance/provenance.js';
import { withContext } from './context.js';
import { canonical, isValid, major, build, prerelease } from './go-semver.js';

/**
 * --source-versioned-tag, slsa-verifier's rules (utils.VerifyVersionedTag):
 * the expected tag must be Go semver ("v1", "v1.2", "v1.2.3[-pre][+build]")
 * and the provenance tag too, after canonicalisation ("v1.2" -> "v1.2.0",
 * build dropped). Major always compares; minor only if the user gave one;
 * patch (with prerelease) only if the user gave one. So "v1" matches
 * v1.9.9, "v1.2" matches v1.2.7 and v1.2.7-rc, and "v1.2.3" does not match
 * v1.2.3-rc.
 */
export function verifyVersionedTag(prov: ProvenanceClaims, expectedTag: string): void {
  if (!prov.tagRef.ok) throw prov.tagRef.error;
  const ref = prov.tagRef.value;
  const tag = withContext(() => tagFromGitRef(ref), 'verifying tag');
  compareVersionedTag(tag, expectedTag);
}

/** The components are the dot-separated fields as slsa-verifier splits them. */
function field(v: string, i: number): string | undefined {
  return v.split('.')[i];
}

/** slsa-verifier's patchVersion: the third field with the build suffix trimmed (when it is the field's own suffix). */
function patchField(v: string): string | undefined {
  const f = field(v, 2);
  if (f === undefined) return undefined;
  const b = build(v);
  return b !== '' && f.endsWith(b) ? f.slice(0, f.length - b.length) : f;
}

export function compareVersionedTag(provenanceTag: string, expectedTag: string): void {
  if (!isValid(expectedTag)) {
    throw new VerifyError('ErrorInvalidSemver', `${expectedTag}: not a semantic version`, { actual: expectedTag });
  }
  const semTag = canonical(provenanceTag);
  if (!isValid(semTag)) {
    throw new VerifyError('ErrorInvalidSemver', `${provenanceTag}: provenance tag is not a semantic version`, { actual: provenanceTag });
  }

  const mismatch = (what: string, want: string, got: string) =>
    new VerifyError('ErrorMismatchVersionedTag', `${what} version expected '${want}', got '${got}'`, {
      expected: expectedTag,
      actual: provenanceTag,
    });

  if (major(semTag) !== major(expectedTag)) throw mismatch('major', major(expectedTag), major(semTag));

  const expectedMinor = field(expectedTag, 1);
  if (expectedMinor !== undefined) {
    const minor = field(semTag, 1) ?? '';
    if (minor !== expectedMinor) throw mismatch('minor', expectedMinor, minor);
  }

  const expectedPatch = patchField(expectedTag);
  if (expectedPatch !== undefined) {
    const patch = patchField(semTag) ?? '';
    if (patch !== expectedPatch) throw mismatch('patch', expectedPatch, patch);
    // Deviation: slsa-verifier splits on "." and so compares only the first
    // prerelease identifier ("v1.2.3-rc.1" would accept v1.2.3-rc.2). We
    // require the whole prerelease to match.
    if (prerelease(semTag) !== prerelease(expectedTag)) {
      throw mismatch('prerelease', prerelease(expectedTag), prerelease(semTag));
    }
  }
}
