import * as z from 'zod';
import { ERROR_SENTENCES, type ErrorCode } from '../errors/index.js';
import { packageRulesSchema, policySchema } from '../policy/schema.js';

/**
 * The reports every command returns, which are also its `--format json`
 * documents (schemaVersion 1): one definition for the library's types, the
 * CLI's JSON and the shipped JSON Schema (dist/bundle/report.schema.json). Objects
 * are strict so that a field added to a document without being added here
 * fails the schema test.
 */

export const errorCodeSchema = z.enum(Object.keys(ERROR_SENTENCES) as [ErrorCode, ...ErrorCode[]]);
const errorCode = errorCodeSchema;
const verdict = z.enum(['PASSED', 'FAILED']);
const error = z.strictObject({ code: errorCode, message: z.string() }).meta({ id: 'ReportError' }).nullable();
const digests = z.record(z.string(), z.string());
const subject = z.strictObject({ name: z.string(), digest: digests }).meta({ id: 'Subject' });

export const checkSchema = z.strictObject({
  id: z.string(),
  status: z.enum(['pass', 'fail', 'skipped']),
  expected: z.string().optional(),
  actual: z.string().optional(),
  code: errorCode.optional(),
  message: z.string().optional(),
}).meta({ id: 'Check' });

const statement = z
  .strictObject({
    line: z.number().int().nullable(),
    type: z.string(),
    predicateType: z.string(),
    subjects: z.array(subject),
    /** The signed statement itself, only when printProvenance / printAttestation was asked for. */
    payload: z.unknown().optional(),
  })
  .meta({ id: 'Statement' })
  .nullable();

const sigstoreEvidence = z.strictObject({
  signer: z.string(),
  issuer: z.string().nullable(),
  logIndex: z.string().nullable(),
  integratedTime: z.string().nullable(),
  /** Only for a bare DSSE envelope verified through an online Rekor lookup. */
  rekorLookup: z.strictObject({ logIndex: z.string(), uuid: z.string(), url: z.string() }).optional(),
});

const artifactFields = {
  path: z.string(),
  digest: digests.nullable(),
  verdict,
  error,
  builderId: z.string().nullable(),
  sourceUri: z.string().nullable(),
  commit: z.string().nullable(),
  statement,
  checks: z.array(checkSchema),
};

/** An artifact judged against Sigstore-signed provenance. */
export const sigstoreArtifactSchema = z.strictObject({
  ...artifactFields,
  matchedSubject: z.string().nullable(),
  evidence: sigstoreEvidence.nullable(),
}).meta({ id: 'SigstoreArtifact' });

/** verify-artifact with a public key: the provenance is key-signed, no Sigstore identity. */
export const keyedArtifactSchema = z.strictObject({
  ...artifactFields,
  evidence: z
    .union([
      z.strictObject({ kind: z.literal('key'), key: z.string().nullable() }),
      // --signature-bundle: the provenance file's message signature, by a Sigstore certificate.
      z.strictObject({ kind: z.literal('certificate'), identity: z.string().nullable() }),
    ])
    .nullable(),
}).meta({ id: 'KeyedArtifact' });

function provenanceReport<C extends string>(command: C) {
  return z.strictObject({ schemaVersion: z.literal(1), command: z.literal(command), verdict, error, artifacts: z.array(sigstoreArtifactSchema) });
}

export const verifyArtifactReportSchema = z.strictObject({
  schemaVersion: z.literal(1),
  command: z.literal('verify-artifact'),
  verdict,
  error,
  artifacts: z.array(z.union([sigstoreArtifactSchema, keyedArtifactSchema])),
});
export const verifyGithubAttestationReportSchema = provenanceReport('verify-github-attestation');
export const verifyImageReportSchema = provenanceReport('verify-image');
export const verifyNpmPackageReportSchema = provenanceReport('verify-npm-package');

export const verifyPypiReportSchema = z.strictObject({
  schemaVersion: z.literal(1),
  command: z.literal('verify-pypi'),
  verdict,
  error,
  artifacts: z.array(
    z.strictObject({
      path: z.string(),
      digest: z.strictObject({ sha256: z.string() }).nullable(),
      verdict,
      error,
      attestations: z.array(
        z.strictObject({
          predicateType: z.string(),
          subjects: z.array(subject),
          workflow: z.string().nullable(),
          evidence: z.strictObject({
            signer: z.string(),
            issuer: z.string().nullable(),
            sourceRepositoryUri: z.string().nullable(),
            sourceRepositoryRef: z.string().nullable(),
            commit: z.string().nullable(),
            logIndex: z.string().nullable(),
            integratedTime: z.string().nullable(),
          }),
        }),
      ),
      checks: z.array(checkSchema.extend({ attestation: z.number().int().optional() })),
    }),
  ),
});

export const verifyVsaReportSchema = z.strictObject({
  schemaVersion: z.literal(1),
  command: z.literal('verify-vsa'),
  verdict,
  error,
  vsa: z
    .strictObject({
      verifierId: z.string(),
      resourceUri: z.string(),
      verificationResult: z.string(),
      verifiedLevels: z.array(z.string()),
      timeVerified: z.string().nullable(),
      subjects: z.array(subject),
      payload: z.unknown().optional(),
    })
    .nullable(),
  checks: z.array(checkSchema),
});

export const verifyBundleReportSchema = z.strictObject({
  schemaVersion: z.literal(1),
  command: z.literal('verify-bundle'),
  verdict,
  error,
  bundle: z
    .strictObject({
      content: z.enum(['message-signature', 'dsse']),
      evidence: z.union([
        z.strictObject({ kind: z.literal('key'), key: z.string() }),
        z.strictObject({ kind: z.literal('certificate'), san: z.string(), issuer: z.string() }),
      ]),
      logIndex: z.string().nullable(),
    })
    .nullable(),
});

export const attestationVerifyReportSchema = z.strictObject({
  schemaVersion: z.literal(1),
  command: z.literal('attestation verify'),
  verdict,
  error,
  artifact: z.strictObject({ path: z.string(), digest: digests }).nullable(),
  /** The criteria enforced, as gh prints them. */
  policy: z.array(z.strictObject({ rule: z.string(), value: z.string() })),
  attestations: z.array(
    z.strictObject({
      line: z.number().int(),
      /** matched: verified and signed as the policy asks; unmatched: verified, another signer; skipped: another predicate type. */
      status: z.enum(['matched', 'unmatched', 'skipped']),
      predicateType: z.string().nullable(),
      signer: z.string().nullable(),
      sourceRepository: z.string().nullable(),
      sourceRef: z.string().nullable(),
      sourceDigest: z.string().nullable(),
      buildSignerDigest: z.string().nullable(),
      runnerEnvironment: z.string().nullable(),
      logIndex: z.string().nullable(),
      reason: error,
    }),
  ),
});

export const verifyLockfileReportSchema = z.strictObject({
  schemaVersion: z.literal(1),
  command: z.literal('verify-lockfile'),
  lockfile: z.string(),
  verdict,
  error,
  packages: z.array(
    z.strictObject({
      ecosystem: z.enum(['npm', 'pypi']),
      name: z.string(),
      version: z.string(),
      files: z.array(z.string()),
      result: z.enum(['verified', 'allowed', 'warned', 'failed']),
      error,
      note: z.string().nullable(),
      publisher: z.strictObject({ repository: z.string(), workflow: z.string(), builder: z.string() }).nullable(),
      pin: z.enum(['recorded', 'matched', 'updated', 'removed', 'mismatch']).nullable(),
    }),
  ),
});

const optionalText = z.string().optional();

export const inspectReportSchema = z.strictObject({
  schemaVersion: z.literal(1),
  command: z.literal('inspect'),
  /** Never true: inspect shows claims, it verifies nothing. */
  verified: z.literal(false),
  warning: z.string(),
  path: z.string(),
  /** Which form the file was read as: it decides the suggested command. */
  document: z.enum(['provenance', 'npm-attestations', 'pypi-provenance', 'pypi-attestation']),
  attestations: z.array(
    z.strictObject({
      verified: z.literal(false),
      line: z.number().int(),
      error: optionalText,
      predicateType: optionalText,
      builderId: optionalText,
      sourceUri: optionalText,
      ref: optionalText,
      commit: optionalText,
      subjects: z.array(subject),
      signer: optionalText,
      issuer: optionalText,
      runnerEnvironment: optionalText,
      logIndex: optionalText,
      signingTime: optionalText,
      buildType: optionalText,
      verifierId: optionalText,
      resourceUri: optionalText,
      keyId: optionalText,
      suggestedCommand: z.string().nullable(),
    }),
  ),
});

const explanation = z.array(z.strictObject({ check: z.string(), rule: z.string() }));
/** The policy's rules as parsed: the file's parser reads workflowInputs into a prototype-free map of strings. */
const parsedRules = { workflowInputs: z.record(z.string(), z.string()).optional() };

export const policyExplainReportSchema = z.strictObject({
  schemaVersion: z.literal(1),
  command: z.literal('policy explain'),
  path: z.string(),
  rules: policySchema.omit({ version: true, packages: true }).extend(parsedRules),
  explanation,
  packages: z.array(z.strictObject({ match: z.string(), rules: packageRulesSchema.omit({ match: true }).extend(parsedRules), explanation })),
});

export const fetchReportSchema = z.strictObject({
  schemaVersion: z.literal(1),
  command: z.literal('fetch'),
  lockfile: z.string(),
  evidenceDir: z.string(),
  verdict,
  error,
  stored: z.number().int(),
  unavailable: z.array(z.strictObject({ name: z.string(), version: z.string(), error: z.strictObject({ code: errorCode, message: z.string() }) })),
});

/** What any command prints under --format json when it could not run as asked (exit 2); the library throws instead. */
export const usageErrorDocumentSchema = z.strictObject({
  schemaVersion: z.literal(1),
  command: z.string(),
  verdict: z.literal('ERROR'),
  error: z.strictObject({ code: errorCode, message: z.string() }),
});

export type FetchReport = z.output<typeof fetchReportSchema>;
export type VerifyArtifactReport = z.output<typeof verifyArtifactReportSchema>;
export type VerifyGithubAttestationReport = z.output<typeof verifyGithubAttestationReportSchema>;
export type VerifyImageReport = z.output<typeof verifyImageReportSchema>;
export type VerifyNpmPackageReport = z.output<typeof verifyNpmPackageReportSchema>;
export type VerifyPypiReport = z.output<typeof verifyPypiReportSchema>;
export type VerifyVsaReport = z.output<typeof verifyVsaReportSchema>;
export type VerifyBundleReport = z.output<typeof verifyBundleReportSchema>;
export type VerifyLockfileReport = z.output<typeof verifyLockfileReportSchema>;
export type AttestationVerifyReport = z.output<typeof attestationVerifyReportSchema>;
export type InspectReport = z.output<typeof inspectReportSchema>;
export type PolicyExplainReport = z.output<typeof policyExplainReportSchema>;
export type SigstoreArtifact = z.output<typeof sigstoreArtifactSchema>;
export type KeyedArtifact = z.output<typeof keyedArtifactSchema>;
export type Check = z.output<typeof checkSchema>;

/** Every command's report, by the `command` field it carries. */
export const reportSchemas = {
  'verify-artifact': verifyArtifactReportSchema,
  'verify-github-attestation': verifyGithubAttestationReportSchema,
  'verify-image': verifyImageReportSchema,
  'verify-npm-package': verifyNpmPackageReportSchema,
  'verify-pypi': verifyPypiReportSchema,
  'verify-vsa': verifyVsaReportSchema,
  'verify-bundle': verifyBundleReportSchema,
  'verify-lockfile': verifyLockfileReportSchema,
  'attestation verify': attestationVerifyReportSchema,
  inspect: inspectReportSchema,
  'policy explain': policyExplainReportSchema,
  fetch: fetchReportSchema,
} as const;

/** Any `--format json` document. */
export const reportSchema = z.discriminatedUnion('command', [
  verifyArtifactReportSchema,
  verifyGithubAttestationReportSchema,
  verifyImageReportSchema,
  verifyNpmPackageReportSchema,
  verifyPypiReportSchema,
  verifyVsaReportSchema,
  verifyBundleReportSchema,
  verifyLockfileReportSchema,
  attestationVerifyReportSchema,
  inspectReportSchema,
  policyExplainReportSchema,
  fetchReportSchema,
]);

/** Any `--format json` document: a report, or a usage error. */
export const jsonDocumentSchema = z.union([reportSchema, usageErrorDocumentSchema]);

export type Report = z.output<typeof reportSchema>;
