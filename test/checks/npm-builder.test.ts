import { describe, expect, it } from 'vitest';
import { verifyNpmBuilder } from '../../src/checks/npm-builder.js';
import { workflowIdentityFromCertificate } from '../../src/checks/workflow-identity.js';
import { certClaims, codeOf, GENERIC, LOWPERMS_DELEGATOR, REPO } from './fixtures.js';

const HOSTED = 'https://github.com/actions/runner/github-hosted';
const LEGACY = 'https://github.com/actions/runner';
const SELF_HOSTED = 'https://github.com/actions/runner/self-hosted';

/** The user's own workflow signed (npm CLI provenance), on the given runner (undefined: no 1.11 extension). */
function cliIdentity(runner: string | undefined) {
  return workflowIdentityFromCertificate(certClaims({ san: `https://github.com/${REPO}/.github/workflows/release.yml@refs/tags/v1.2.3` }, { runnerEnvironment: runner }));
}

function byobIdentity(runner: string | undefined) {
  return workflowIdentityFromCertificate(certClaims({ san: `${LOWPERMS_DELEGATOR}@refs/tags/v1.6.0` }, { runnerEnvironment: runner }));
}

describe('verifyNpmBuilder: the runner claim (Fulcio 1.11)', () => {
  it('accepts npm CLI provenance from a GitHub-hosted runner under both hosted builder IDs', () => {
    expect(verifyNpmBuilder(cliIdentity('github-hosted'), HOSTED).byob).toBe(false);
    expect(verifyNpmBuilder(cliIdentity('github-hosted'), LEGACY).expected).toBe(LEGACY);
  });

  it.each([
    ['self-hosted', 'self-hosted', HOSTED, 'ErrorMismatchBuilderID'],
    ['self-hosted (legacy ID)', 'self-hosted', LEGACY, 'ErrorMismatchBuilderID'],
    ['absent', undefined, HOSTED, 'ErrorNotSupported'],
    ['unknown', 'GitHub-Hosted', HOSTED, 'ErrorNotSupported'],
    ['empty', '', HOSTED, 'ErrorNotSupported'],
    // slsa-verifier's order: an unknown builder ID fails as unsupported whatever the runner.
    ['self-hosted, unsupported builder', 'self-hosted', 'https://github.com/actions/runner2', 'ErrorNotSupported'],
    ['self-hosted builder ID', 'self-hosted', SELF_HOSTED, 'ErrorNotSupported'],
  ])('refuses npm CLI provenance whose runner is %s', (_name, runner, builderId, code) => {
    expect(codeOf(() => verifyNpmBuilder(cliIdentity(runner), builderId))).toBe(code);
  });

  it('refuses a BYOB delegator on a runner that is not GitHub-hosted; an absent claim is allowed, as in slsa-verifier', () => {
    const nodejs = GENERIC.replace('generator_generic_slsa3.yml', 'builder_nodejs_slsa3.yml');
    expect(verifyNpmBuilder(byobIdentity('github-hosted'), nodejs).byob).toBe(true);
    expect(verifyNpmBuilder(byobIdentity(undefined), nodejs).byob).toBe(true);
    expect(codeOf(() => verifyNpmBuilder(byobIdentity('self-hosted'), nodejs))).toBe('ErrorMismatchBuilderID');
    expect(codeOf(() => verifyNpmBuilder(byobIdentity('ephemeral'), nodejs))).toBe('ErrorMismatchBuilderID');
  });

  it('needs a builder ID', () => {
    expect(codeOf(() => verifyNpmBuilder(cliIdentity('github-hosted'), undefined))).toBe('ErrorInvalidBuilderID');
    expect(codeOf(() => verifyNpmBuilder(cliIdentity('github-hosted'), ''))).toBe('ErrorInvalidBuilderID');
  });
});
