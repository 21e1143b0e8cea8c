import { VerifyError } from '../errors/index.js';
import { enforcePolicy } from '../policy/enforce.js';
import { normalizeRepository } from '../policy/repository.js';
import type { ArtifactVerdict } from '../pipeline/judge-artifact.js';
import type { PolicyRules } from '../policy/schema.js';
import type { PublisherIdentity } from './package-result.js';
import { workflowPath } from './workflow-path.js';

/**
 * Several trusted builders: the first whose verification passes (and then
 * holds the policy's rules) wins; otherwise the first one's failure is the
 * verdict. Shared by the tarball and the registry paths of verify-lockfile.
 */
export async function firstPassingBuilder(
  builderIds: readonly string[],
  rules: PolicyRules,
  judge: (builderId: string) => Promise<ArtifactVerdict>,
): Promise<ArtifactVerdict> {
  let verdict: ArtifactVerdict | undefined;
  for (const builderId of builderIds) {
    const attempt = await judge(builderId);
    if (attempt.ok) enforcePolicy(attempt, rules);
    verdict ??= attempt;
    if (attempt.ok) return attempt;
  }
  if (!verdict) throw new VerifyError('ErrorInternal', 'no builder to verify against');
  return verdict;
}

/** The signing certificate's repository and workflow, and the builder the checks accepted. */
export function publisherOf(verdict: ArtifactVerdict): PublisherIdentity {
  const cert = verdict.envelope?.certificate;
  return {
    repository: normalizeRepository(cert?.sourceRepositoryUri ?? ''),
    workflow: workflowPath(cert?.buildConfigUri ?? cert?.subjectAlternativeName ?? ''),
    // A failure after the builder check passed still names the builder that check accepted.
    builder: verdict.checks?.builderId ?? verdict.checks?.checks.find((c) => c.id === 'builder-id' && c.status === 'pass')?.actual ?? '',
  };
}
