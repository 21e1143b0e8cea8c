/**
 * slsa-verifier's switches. SLSA_VERIFIER_TESTING relaxes exactly two rules:
 * - builders used by slsa-framework/slsa-github-generator or
 *   slsa-framework/example-package may be referenced at refs/heads/main or
 *   at a prerelease tag (vX.Y.Z-rc.1), not only at vX.Y.Z;
 * - a BYOB tool builder may be at refs/heads/main when the source is
 *   example-package, and at any ref when the source is slsa-github-generator.
 * SLSA_VERIFIER_EXPERIMENTAL is required by verify-github-attestation.
 * Both are read with Go's strconv.ParseBool: "1", "t", "T", "TRUE", "true",
 * "True" are on; anything else (including unparsable values) is off.
 */
const GO_TRUE = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);

export function goParseBoolEnv(value: string | undefined): boolean {
  return value !== undefined && GO_TRUE.has(value);
}

export function testingEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return goParseBoolEnv(env['SLSA_VERIFIER_TESTING']);
}

export function experimentalEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return goParseBoolEnv(env['SLSA_VERIFIER_EXPERIMENTAL']);
}
