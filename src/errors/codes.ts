/**
 * Stable error codes. Names follow slsa-verifier's sentinel errors so that scripts
 * and the regression corpus can compare verdicts by code; the sentence is ours.
 */
export const ERROR_SENTENCES = {
  ErrorInvalidDssePayload: 'invalid DSSE envelope payload',
  ErrorMismatchBranch: 'branch used to generate the binary does not match provenance',
  ErrorMismatchPackageVersion: 'package version does not match provenance',
  ErrorMismatchPackageName: 'package name does not match provenance',
  ErrorMismatchBuilderID: 'builderID does not match provenance',
  ErrorInvalidBuilderID: 'builderID is invalid',
  ErrorInvalidBuildType: 'buildType is invalid',
  ErrorMismatchSource: 'source used to generate the binary does not match provenance',
  ErrorMismatchWorkflowInputs: 'workflow input does not match',
  ErrorMalformedURI: 'URI is malformed',
  ErrorMismatchCertificate: 'certificate and provenance mismatch',
  ErrorInvalidCertificate: 'invalid certificate',
  ErrorMismatchTag: 'tag used to generate the binary does not match provenance',
  ErrorInvalidRecipe: 'the recipe is invalid',
  ErrorMismatchVersionedTag: 'tag used to generate the binary does not match provenance',
  ErrorInvalidSemver: 'invalid semantic version',
  ErrorRekorSearch: 'error searching rekor entries',
  ErrorMismatchHash: 'artifact hash does not match provenance subject',
  ErrorNonVerifiableClaim: 'provenance claim cannot be verified',
  ErrorMismatchIntoto: 'verified intoto provenance does not match text provenance',
  ErrorInvalidRef: 'invalid ref',
  ErrorUntrustedReusableWorkflow: 'untrusted reusable workflow',
  ErrorNoValidRekorEntries: 'could not find a matching valid signature entry',
  ErrorVerifierNotSupported: 'no verifier support the builder',
  ErrorInvalidOIDCIssuer: 'invalid OIDC issuer',
  ErrorNotSupported: 'not supported',
  ErrorInvalidFormat: 'invalid format',
  ErrorInvalidPEM: 'invalid PEM',
  ErrorInvalidSignature: 'invalid signature',
  ErrorNoValidSignature: 'no valid signature',
  ErrorMutableImage: 'the image is mutable',
  ErrorImageHash: 'cannot retrieve sha256 of image',
  ErrorInvalidEncoding: 'invalid encoding',
  ErrorInternal: 'internal error',
  ErrorInvalidRekorEntry: 'invalid Rekor entry',
  ErrorRekorPubKey: 'error retrieving Rekor public keys',
  ErrorInvalidPackageName: 'invalid package name',
  ErrorInvalidSubject: 'invalid subject',
  ErrorInvalidHash: 'invalid hash',
  ErrorNotPresent: 'not present',
  ErrorInvalidPublicKey: 'invalid public key',
  ErrorCouldNotFindTarget: 'could not get the target from the tuf root',
  ErrorInvalidVerificationResult: 'verificationResult is not PASSED',
  ErrorMismatchVerifiedLevels: 'verified levels do not match',
  ErrorMissingSubjectDigest: 'missing subject digest',
  ErrorEmptyRequiredField: 'empty value in required field',
  ErrorMismatchResourceURI: 'resource URI does not match',
  ErrorMismatchVerifierID: 'verifier ID does not match',
  ErrorInvalidSLSALevel: 'invalid SLSA level',
  // Codes of our own (no slsa-verifier sentinel exists for them).
  /** A DSSE envelope came without transparency-log evidence: it needs an online log lookup. */
  ErrorNeedsLogLookup: 'the provenance has no transparency-log entry and needs an online log lookup',
  /** The transparency log could not be asked (network failure, timeout, server error): exit 4, not "not verified". */
  ErrorRekorUnreachable: 'the transparency log could not be reached',
  /** The OCI registry could not be asked (network failure, timeout, server error, access refused): exit 4. */
  ErrorRegistryUnreachable: 'the registry could not be reached',
  /** The command could not run as asked: bad flags, unreadable file, invalid trusted root. */
  ErrorUsage: 'invalid usage',
  ErrorInvalidTrustedRoot: 'invalid trusted root',
  /** --trust-config is unreadable, malformed, or lists a key that is not an ECDSA public key. */
  ErrorInvalidTrustConfig: 'invalid trust config',
  ErrorUnreadableFile: 'cannot read file',
  /** verify-pypi: the attestation subject names another distribution file. */
  ErrorMismatchDistribution: 'distribution filename does not match the attestation subject',
  /** verify-pypi: the Trusted Publisher (workflow, environment, kind) is not the expected one. */
  ErrorMismatchPublisher: 'publisher does not match the expected trusted publisher',
  /** --policy: the verified provenance breaks a policy rule no slsa-verifier sentinel names. */
  ErrorPolicyViolation: 'policy violation',
  /** --policy FILE is unreadable, not YAML/JSON, or fails validation; or a flag widens it (exit 2). */
  ErrorInvalidPolicy: 'invalid policy',
  /** --vsa-key is not an unencrypted PEM private key of a kind verify-vsa checks (exit 2). */
  ErrorInvalidPrivateKey: 'invalid private key',
  /** verify-lockfile --pins: the publisher differs from the pinned one, or provenance disappeared under a pin. */
  ErrorPinMismatch: 'publisher does not match the pinned publisher',
  /** verify-lockfile: a version has weaker evidence (no attestations) than an earlier version of the package had. */
  ErrorEvidenceDowngrade: 'weaker evidence than an earlier version had',
} as const;

export type ErrorCode = keyof typeof ERROR_SENTENCES;

/** Codes that mean "the command could not run as asked" (exit 2) rather than "not verified" (exit 1). */
export const USAGE_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'ErrorUsage',
  'ErrorInvalidTrustedRoot',
  'ErrorInvalidTrustConfig',
  'ErrorUnreadableFile',
  'ErrorInvalidPolicy',
  'ErrorInvalidPrivateKey',
]);
