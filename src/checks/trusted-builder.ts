import { VerifyError } from '../errors/index.js';
import {
  CERT_OIDC_ISSUER,
  DEFAULT_BYOB_WORKFLOWS,
  E2E_TEST_REPOSITORY,
  TRUSTED_BUILDER_REPOSITORY,
} from '../provenance/builders.js';
import { isValidBuilderTag, TrustedBuilderId } from './builder-id.js';
import { subjectWorkflowName, subjectWorkflowRef, type WorkflowIdentity } from './workflow-identity.js';

/**
 * Is the signing workflow a builder we trust? slsa-verifier's
 * VerifyBuilderIdentity: the issuer must be GitHub Actions, the workflow
 * must be a default trusted builder (no --builder-id) or match --builder-id,
 * and it must be referenced at a release tag.
 */

export interface BuilderIdentity {
  /** The certificate's builder, "name@ref". */
  builder: TrustedBuilderId;
  /**
   * The certificate names a trusted BYOB delegator: the real builder is the
   * one the provenance names, and --builder-id is matched against that.
   */
  byob: boolean;
}

export function verifyOidcIssuer(id: WorkflowIdentity): void {
  if (id.issuer !== CERT_OIDC_ISSUER) {
    throw new VerifyError('ErrorInvalidOIDCIssuer', `"${id.issuer}"`, { expected: CERT_OIDC_ISSUER, actual: id.issuer });
  }
}

function isTrustedDelegatorBuilder(cert: TrustedBuilderId, trusted: ReadonlySet<string>): boolean {
  for (const delegator of DEFAULT_BYOB_WORKFLOWS) {
    if (cert.name === delegator) return trusted.has(delegator);
  }
  return false;
}

/**
 * `expectedBuilderId` undefined or "" both mean "not given": the certificate's
 * workflow must then be one of `defaultBuilders`.
 */
export function verifyTrustedBuilder(
  id: WorkflowIdentity,
  expectedBuilderId: string | undefined,
  defaultBuilders: ReadonlySet<string>,
): BuilderIdentity {
  const workflow = subjectWorkflowName(id.subjectWorkflow);
  const tag = subjectWorkflowRef(id.subjectWorkflow);
  if (tag === '') {
    throw new VerifyError('ErrorMalformedURI', `workflow uri: "${id.subjectWorkflow.uri}"`, { actual: id.subjectWorkflow.uri });
  }

  if (expectedBuilderId === undefined || expectedBuilderId === '') {
    if (!defaultBuilders.has(workflow)) {
      throw new VerifyError(
        'ErrorUntrustedReusableWorkflow',
        `${workflow} with builderID provided: ${expectedBuilderId !== undefined}`,
        { expected: [...defaultBuilders].join(', ') || '(no default trusted builders)', actual: workflow },
      );
    }
    const builder = new TrustedBuilderId(`${workflow}@${tag}`, true);
    return { builder, byob: isTrustedDelegatorBuilder(builder, defaultBuilders) };
  }

  const builder = new TrustedBuilderId(`${workflow}@${tag}`, true);
  // A trusted delegator's identity is not what the user names: the user's
  // builder ID is matched against the provenance instead.
  if (isTrustedDelegatorBuilder(builder, defaultBuilders)) return { builder, byob: true };
  try {
    builder.matchesLoose(expectedBuilderId, true);
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    throw new VerifyError('ErrorUntrustedReusableWorkflow', detail, { expected: expectedBuilderId, actual: builder.toString(), cause: err });
  }
  return { builder, byob: false };
}

/**
 * Builders must be used at a release tag vX.Y.Z. In testing mode, the
 * builder's own repository and slsa-verifier's e2e repository may also use
 * refs/heads/main or a prerelease tag.
 */
export function verifyTrustedBuilderRef(id: WorkflowIdentity, ref: string, testing: boolean): void {
  if ((id.sourceRepository === TRUSTED_BUILDER_REPOSITORY || id.sourceRepository === E2E_TEST_REPOSITORY) && testing) {
    if (ref === 'refs/heads/main') return;
    isValidBuilderTag(ref, true);
    return;
  }
  isValidBuilderTag(ref, false);
}
