import type { CheckResult } from '../checks/run-checks.js';
import { verifyWorkflowInputs } from '../checks/workflow-inputs.js';
import { asVerifyError, VerifyError } from '../errors/index.js';
import type { ArtifactVerdict } from '../pipeline/judge-artifact.js';
import { readProvenance } from '../provenance/provenance.js';
import { builderAllowed, describeBuilderRule } from './builder-rule.js';
import { matchesAnyGlob } from './glob.js';
import { normalizeRepository } from './repository.js';
import type { CertificateClaims } from '../sigstore/certificate-claims.js';
import type { PolicyRules } from './schema.js';
import { slsaBuildLevel } from './slsa-level.js';
import { tagViolation } from './tag-rule.js';

type Step = () => { expected?: string; actual?: string } | undefined;

/** Check ids, in the order they run (after every slsa-verifier check passed). */
export const POLICY_CHECK_IDS = [
  'policy-builder',
  'policy-source',
  'policy-branch',
  'policy-tag',
  'policy-workflow-inputs',
  'policy-predicate-type',
  'policy-hosted-runner',
  'policy-slsa-level',
] as const;

/**
 * Enforces the policy on a verdict the slsa-verifier checks passed: every
 * claim read here is certificate-backed or from the signed statement. The
 * first violation fails the verdict; every rule is listed in its `checks`.
 */
export function enforcePolicy(verdict: ArtifactVerdict, rules: PolicyRules): void {
  const { envelope, statement, checks } = verdict;
  if (!verdict.ok || !envelope || !statement || !checks) return;
  const cert = envelope.certificate;
  const steps: Record<(typeof POLICY_CHECK_IDS)[number], Step> = {
    'policy-builder': () => {
      if (!rules.builders) return undefined;
      const actual = checks.builderId ?? '';
      if (!builderAllowed(actual, rules.builders)) {
        throw new VerifyError('ErrorUntrustedReusableWorkflow', `builder '${actual}' is not allowed by the policy`);
      }
      return { expected: rules.builders.map(describeBuilderRule).join(', '), actual };
    },
    'policy-source': () => {
      if (!rules.sourceRepositories) return undefined;
      const raw = cert.sourceRepositoryUri ?? (cert.githubWorkflowRepository ? `github.com/${cert.githubWorkflowRepository}` : '');
      const actual = normalizeRepository(raw);
      if (actual === '' || !matchesAnyGlob(actual, rules.sourceRepositories.map(normalizeRepository))) {
        throw new VerifyError('ErrorMismatchSource', `source '${actual}' is not allowed by the policy (${rules.sourceRepositories.join(', ')})`);
      }
      return { expected: rules.sourceRepositories.join(', '), actual };
    },
    'policy-branch': () => branchStep(rules, cert),
    'policy-tag': () => tagStep(rules, cert),
    'policy-workflow-inputs': () => {
      if (!rules.workflowInputs || Object.keys(rules.workflowInputs).length === 0) return undefined;
      const signer = cert.subjectAlternativeName.split('@')[0] ?? '';
      verifyWorkflowInputs(readProvenance(signer, statement), rules.workflowInputs);
      return { expected: Object.entries(rules.workflowInputs).map(([k, v]) => `${k}=${v}`).join(',') };
    },
    'policy-predicate-type': () => {
      if (!rules.predicateTypes) return undefined;
      if (!rules.predicateTypes.includes(statement.predicateType)) {
        throw new VerifyError('ErrorPolicyViolation', `predicate type '${statement.predicateType}' is not allowed by the policy`);
      }
      return { expected: rules.predicateTypes.join(', '), actual: statement.predicateType };
    },
    'policy-hosted-runner': () => hostedRunnerStep(rules, cert),
    'policy-slsa-level': () => slsaLevelStep(rules, cert),
  };

  for (const id of POLICY_CHECK_IDS) {
    if (verdict.error) {
      checks.checks.push({ id, status: 'skipped', message: 'not run: an earlier check failed' });
      continue;
    }
    try {
      const result = steps[id]();
      checks.checks.push(result === undefined ? { id, status: 'skipped', message: 'not in the policy, or not for this ref' } : { id, status: 'pass', ...defined(result) });
    } catch (err) {
      const error = asVerifyError(err);
      verdict.ok = false;
      verdict.error = error;
      checks.ok = false;
      checks.error = error;
      checks.checks.push({ id, status: 'fail', code: error.code, message: error.message });
    }
  }
}

/**
 * The rules read from the certificate alone (ref, runner, level), for
 * evidence that carries no SLSA provenance (PEP 740 attestations): the first
 * violation is thrown. A rule that needs provenance (builders, workflow
 * inputs) cannot be checked there, which fails rather than pass unchecked.
 */
export function enforceCertificateRules(rules: PolicyRules, cert: CertificateClaims, predicateType: string, evidence: string): void {
  const unshowable = [
    ...(rules.builders !== undefined ? ['builders'] : []),
    ...(rules.workflowInputs !== undefined && Object.keys(rules.workflowInputs).length > 0 ? ['workflowInputs'] : []),
  ];
  if (unshowable.length > 0) throw new VerifyError('ErrorPolicyViolation', `the policy sets ${unshowable.join(' and ')}, which ${evidence} cannot show`);
  if (rules.predicateTypes && !rules.predicateTypes.includes(predicateType)) {
    throw new VerifyError('ErrorPolicyViolation', `predicate type '${predicateType}' is not allowed by the policy`);
  }
  branchStep(rules, cert);
  tagStep(rules, cert);
  hostedRunnerStep(rules, cert);
  slsaLevelStep(rules, cert);
}

type RefKind = { ref: string; branch: string | undefined; tag: string | undefined; kind: 'branch' | 'tag' | 'other' };

/**
 * A policy that lists branches or tags admits only the refs they list: any
 * other ref (refs/pull/N/merge, none at all) is refused by one of the two
 * rules, never skipped by both.
 */
function refOf(cert: CertificateClaims): RefKind {
  const ref = buildRef(cert.sourceRepositoryRef, cert.githubWorkflowRef);
  const branch = refName(ref, 'refs/heads/');
  const tag = refName(ref, 'refs/tags/');
  return { ref, branch, tag, kind: branch !== undefined ? 'branch' : tag !== undefined ? 'tag' : 'other' };
}

function branchStep(rules: PolicyRules, cert: CertificateClaims): ReturnType<Step> {
  if (!rules.branches) return undefined;
  const { ref, branch, kind } = refOf(cert);
  // A tag build is the tag rule's to judge, when there is one.
  if (kind === 'tag' && rules.tags) return undefined;
  if (branch === undefined) {
    throw new VerifyError('ErrorMismatchBranch', `ref '${ref}' is not a branch${rules.tags ? ' or a tag' : ''} the policy allows (branches: ${rules.branches.join(', ')})`);
  }
  if (!matchesAnyGlob(branch, rules.branches)) {
    throw new VerifyError('ErrorMismatchBranch', `ref '${ref}' is not a branch allowed by the policy (${rules.branches.join(', ')})`);
  }
  return { expected: rules.branches.join(', '), actual: branch };
}

function tagStep(rules: PolicyRules, cert: CertificateClaims): ReturnType<Step> {
  if (!rules.tags) return undefined;
  const { ref, tag, kind } = refOf(cert);
  // A branch build, or any other ref, is the branch rule's to judge, when there is one.
  if (kind !== 'tag' && rules.branches) return undefined;
  if (tag === undefined) throw new VerifyError('ErrorMismatchTag', `ref '${ref}' is not a tag, and the policy allows only tags`);
  const violation = tagViolation(tag, rules.tags);
  if (violation) throw new VerifyError(violation.code, violation.detail);
  return { actual: tag };
}

function hostedRunnerStep(rules: PolicyRules, cert: CertificateClaims): ReturnType<Step> {
  if (rules.requireHostedRunners !== true) return undefined;
  // Fulcio OID 1.3.6.1.4.1.57264.1.11; absent (old certificates) is not proof of a hosted runner.
  if (cert.runnerEnvironment !== 'github-hosted') {
    throw new VerifyError('ErrorPolicyViolation', `the build ran on a '${cert.runnerEnvironment ?? 'unknown'}' runner; the policy requires github-hosted`);
  }
  return { expected: 'github-hosted', actual: cert.runnerEnvironment };
}

function slsaLevelStep(rules: PolicyRules, cert: CertificateClaims): ReturnType<Step> {
  if (rules.minSlsaBuildLevel === undefined) return undefined;
  const level = slsaBuildLevel(cert);
  if (level < rules.minSlsaBuildLevel) {
    throw new VerifyError('ErrorPolicyViolation', `SLSA build level ${level} is below the policy's minimum ${rules.minSlsaBuildLevel}`);
  }
  return { expected: `>= ${rules.minSlsaBuildLevel}`, actual: String(level) };
}

/**
 * The ref the build ran at, from the certificate (Fulcio 1.14, or the
 * deprecated 1.6 of older certificates): two copies that disagree are refused.
 */
function buildRef(sourceRef: string | undefined, workflowRef: string | undefined): string {
  const current = sourceRef ?? '';
  const deprecated = workflowRef ?? '';
  if (current !== '' && deprecated !== '' && current !== deprecated) {
    throw new VerifyError('ErrorInvalidFormat', `certificate 1.6/1.14 ref: '${deprecated}' != '${current}'`, { expected: deprecated, actual: current });
  }
  return current !== '' ? current : deprecated;
}

/** `refs/heads/main` -> `main` for prefix `refs/heads/`; an empty name is no name. */
function refName(ref: string, prefix: string): string | undefined {
  return ref.startsWith(prefix) && ref.length > prefix.length ? ref.slice(prefix.length) : undefined;
}

function defined(result: { expected?: string; actual?: string }): Pick<CheckResult, 'expected' | 'actual'> {
  return {
    ...(result.expected !== undefined ? { expected: result.expected } : {}),
    ...(result.actual !== undefined ? { actual: result.actual } : {}),
  };
}
