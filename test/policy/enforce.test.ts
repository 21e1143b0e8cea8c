import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseProvenance } from '../../src/input/read-provenance.js';
import { judgeArtifact, type ArtifactVerdict } from '../../src/pipeline/judge-artifact.js';
import { verifyEvidence } from '../../src/pipeline/verify-evidence.js';
import { enforcePolicy } from '../../src/policy/enforce.js';
import type { PolicyRules } from '../../src/policy/schema.js';
import { slsaBuildLevel } from '../../src/policy/slsa-level.js';
import type { CertificateClaims } from '../../src/sigstore/certificate-claims.js';
import { loadTrustRoot } from '../../src/sigstore/trusted-root.js';

const FIXTURES = join(import.meta.dirname, '../../fixtures');
const trust = loadTrustRoot(join(FIXTURES, 'trusted_root.json'));

/** A verdict that passed every slsa-verifier check, with the certificate optionally altered. */
function passedVerdict(certificate: Partial<CertificateClaims> = {}): ArtifactVerdict {
  const evidence = verifyEvidence(parseProvenance(readFileSync(join(FIXTURES, 'provenance/valid.intoto.jsonl'))), trust);
  const sha256 = createHash('sha256').update(readFileSync(join(FIXTURES, 'artifacts/hello.txt'))).digest('hex');
  const verdict = judgeArtifact('hello.txt', { ok: true, digests: { sha256 } }, evidence, {
    command: 'verify-artifact', policy: { sourceUri: 'github.com/slsa-verify-fixtures/hello' }, testing: false,
  });
  expect(verdict.ok).toBe(true);
  verdict.envelope = { ...verdict.envelope!, certificate: { ...verdict.envelope!.certificate, ...certificate } };
  return verdict;
}

function enforce(rules: PolicyRules, certificate: Partial<CertificateClaims> = {}): ArtifactVerdict {
  const verdict = passedVerdict(certificate);
  enforcePolicy(verdict, rules);
  return verdict;
}

describe('enforcePolicy', () => {
  it('passes the fixture under every rule it satisfies', () => {
    const verdict = enforce({
      sourceRepositories: ['github.com/slsa-verify-fixtures/*'], branches: ['ma*'], requireHostedRunners: true, minSlsaBuildLevel: 3,
    });
    expect(verdict.ok).toBe(true);
    expect(verdict.checks?.checks.filter((c) => c.id.startsWith('policy-') && c.status === 'pass')).toHaveLength(4);
  });

  it('fails a source repository outside the policy (certificate-backed)', () => {
    const verdict = enforce({ sourceRepositories: ['github.com/slsa-verify-fixtures/hello'] }, { sourceRepositoryUri: 'https://github.com/evil/hello' });
    expect(verdict.ok).toBe(false);
    expect(verdict.error?.code).toBe('ErrorMismatchSource');
    // A repository with the allowed one as prefix is not it.
    expect(enforce({ sourceRepositories: ['github.com/slsa-verify-fixtures/hello'] }, { sourceRepositoryUri: 'https://github.com/slsa-verify-fixtures/hello2' }).error?.code).toBe('ErrorMismatchSource');
  });

  it('requires a github-hosted runner (OID 1.11); an absent claim fails closed', () => {
    expect(enforce({ requireHostedRunners: true }, { runnerEnvironment: 'self-hosted' }).error?.code).toBe('ErrorPolicyViolation');
    expect(enforce({ requireHostedRunners: true }, { runnerEnvironment: undefined }).error?.code).toBe('ErrorPolicyViolation');
    expect(enforce({ requireHostedRunners: false }, { runnerEnvironment: 'self-hosted' }).ok).toBe(true);
  });

  it('enforces the minimum SLSA build level from the signer', () => {
    const other = { subjectAlternativeName: 'https://github.com/o/r/.github/workflows/release.yml@refs/heads/main' };
    const verdict = enforce({ minSlsaBuildLevel: 3 }, other);
    expect(verdict.error?.code).toBe('ErrorPolicyViolation');
    expect(verdict.error?.message).toContain('SLSA build level 2');
    expect(enforce({ minSlsaBuildLevel: 2 }, other).ok).toBe(true);
    expect(slsaBuildLevel({ ...passedVerdict().envelope!.certificate, ...other, runnerEnvironment: 'self-hosted' })).toBe(1);
  });

  it('stops at the first violation and lists the rest as skipped', () => {
    const verdict = enforce({ branches: ['dev'], predicateTypes: ['x'] });
    const policy = verdict.checks?.checks.filter((c) => c.id.startsWith('policy-')) ?? [];
    expect(policy.find((c) => c.status === 'fail')?.id).toBe('policy-branch');
    expect(policy.find((c) => c.id === 'policy-predicate-type')?.status).toBe('skipped');
  });
});

describe('enforcePolicy: refs', () => {
  const refs = {
    branchX: 'refs/heads/x',
    tagX: 'refs/tags/x',
    pull: 'refs/pull/7/merge',
    empty: '',
    headsOnly: 'refs/heads/',
    other: 'refs/x',
  };
  /** The code for a certificate ref (1.14 and 1.6 set alike) under a rule set; 'pass' when it passes. */
  const outcome = (rules: PolicyRules, ref: string): string => {
    const verdict = enforce(rules, { sourceRepositoryRef: ref === '' ? undefined : ref, githubWorkflowRef: ref === '' ? undefined : ref });
    return verdict.ok ? 'pass' : (verdict.error?.code ?? 'no code');
  };

  it('admits only the refs a rule lists: with branches and tags, any other ref fails instead of skipping both', () => {
    const both: PolicyRules = { branches: ['x'], tags: ['x'] };
    expect(outcome(both, refs.branchX)).toBe('pass');
    expect(outcome(both, refs.tagX)).toBe('pass');
    for (const ref of [refs.pull, refs.empty, refs.headsOnly, refs.other]) expect(outcome(both, ref), ref).toBe('ErrorMismatchBranch');
  });

  it('keeps a branch and a tag of the same name apart', () => {
    expect(outcome({ branches: ['x'] }, refs.tagX)).toBe('ErrorMismatchBranch');
    expect(outcome({ tags: ['x'] }, refs.branchX)).toBe('ErrorMismatchTag');
    for (const ref of [refs.pull, refs.empty]) {
      expect(outcome({ branches: ['**'] }, ref), ref).toBe('ErrorMismatchBranch');
      expect(outcome({ tags: ['**'] }, ref), ref).toBe('ErrorMismatchTag');
    }
    expect(outcome({}, refs.pull)).toBe('pass');
  });

  it('refuses a certificate whose 1.14 and deprecated 1.6 refs disagree', () => {
    const verdict = enforce({ branches: ['main'] }, { sourceRepositoryRef: 'refs/heads/main', githubWorkflowRef: 'refs/pull/7/merge' });
    expect(verdict.error?.code).toBe('ErrorInvalidFormat');
    expect(verdict.checks?.checks.find((c) => c.status === 'fail')?.id).toBe('policy-branch');
    expect(enforce({ branches: ['main'] }, { sourceRepositoryRef: undefined, githubWorkflowRef: 'refs/heads/main' }).ok).toBe(true);
  });
});
