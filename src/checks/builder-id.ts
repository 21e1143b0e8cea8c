import { VerifyError } from '../errors/index.js';
import { isValid, build, prerelease } from './go-semver.js';
import { tagFromGitRef } from '../provenance/git.js';

/**
 * Builder IDs as slsa-verifier handles them (verifiers/utils/builder.go):
 * "name" or "name@version", where the version of a GitHub reusable workflow
 * is a ref such as "refs/tags/v1.2.3".
 */

/** Splits on "@": one part is a bare name (unless a version is required), two a name and version. */
export function parseBuilderId(id: string, needVersion: boolean): { name: string; version: string } {
  const parts = id.split('@');
  if (parts.length === 2) {
    if (parts[1] === '') throw new VerifyError('ErrorInvalidFormat', `builderID: '${id}'`);
    return { name: parts[0]!, version: parts[1]! };
  }
  if (parts.length === 1 && !needVersion) return { name: parts[0]!, version: '' };
  throw new VerifyError('ErrorInvalidFormat', `builderID: '${id}'`);
}

export class TrustedBuilderId {
  readonly name: string;
  readonly version: string;

  constructor(id: string, needVersion: boolean) {
    ({ name: this.name, version: this.version } = parseBuilderId(id, needVersion));
  }

  toString(): string {
    return this.version === '' ? this.name : `${this.name}@${this.version}`;
  }

  /**
   * Names must be equal. A version is compared only when `expected` has one;
   * with allowRef, "v1.2.3" also matches our "refs/tags/v1.2.3".
   */
  matchesLoose(expected: string, allowRef: boolean): void {
    const { name, version } = parseBuilderId(expected, false);
    if (name !== this.name) {
      throw new VerifyError('ErrorMismatchBuilderID', `expected name '${this.name}', got '${name}'`, { expected: name, actual: this.name });
    }
    if (version !== '' && version !== this.version) {
      if (allowRef && `refs/tags/${version}` === this.version) return;
      throw new VerifyError('ErrorMismatchBuilderID', `expected version '${version}', got '${this.version}'`, {
        expected: expected,
        actual: this.toString(),
      });
    }
  }

  /** Name and version must both be equal (an expected bare name matches only a bare name). */
  matchesFull(expected: string, allowRef: boolean): void {
    const { name, version } = parseBuilderId(expected, false);
    if (name !== this.name) {
      throw new VerifyError('ErrorMismatchBuilderID', `expected name '${this.name}', got '${name}'`, { expected: name, actual: this.name });
    }
    if (version !== this.version) {
      if (allowRef && `refs/tags/${version}` === this.version) return;
      throw new VerifyError('ErrorMismatchBuilderID', `expected version '${version}', got '${this.version}'`, {
        expected: expected,
        actual: this.toString(),
      });
    }
  }
}

/**
 * A builder must be referenced at a release tag "refs/tags/vX.Y.Z" (no
 * prerelease, no build metadata). In testing mode a prerelease is allowed.
 */
export function isValidBuilderTag(ref: string, testing: boolean): void {
  const pin = tagFromGitRef(ref);
  if (testing) {
    const versionCore = pin.split('-')[0]!;
    if (!isValid(pin) || versionCore.split('.').length !== 3 || build(pin) !== '') {
      throw new VerifyError('ErrorInvalidRef', `${pin}: version tag not valid`, { expected: 'refs/tags/vX.Y.Z[-prerelease]', actual: ref });
    }
    return;
  }
  if (!isValid(pin) || pin.split('.').length !== 3 || prerelease(pin) !== '' || build(pin) !== '') {
    throw new VerifyError('ErrorInvalidRef', `${pin}: not of the form vX.Y.Z`, { expected: 'refs/tags/vX.Y.Z', actual: ref });
  }
}

/** JReleaser tags its builder "vX.Y.Z-java". */
export function isValidJreleaserBuilderTag(ref: string): void {
  const pin = tagFromGitRef(ref);
  const languages = new Set(['-java']);
  if (!isValid(pin) || pin.split('.').length !== 3 || !languages.has(prerelease(pin)) || build(pin) !== '') {
    throw new VerifyError('ErrorInvalidRef', `${pin}: not of the form vX.Y.Z-<language>`, { expected: 'refs/tags/vX.Y.Z-java', actual: ref });
  }
}
