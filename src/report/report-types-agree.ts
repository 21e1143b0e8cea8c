import type * as z from 'zod';
import type * as plain from './report-types.js';
import type * as schema from './schema.js';

/**
 * Compile-time proof that the generated plain types (what the package's
 * declarations use) and the zod definitions describe the same documents:
 * each is assignable to the other, for every report.
 */
type Agree<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Holds<T extends true> = T;

export type ReportTypesAgree = [
  Holds<Agree<plain.VerifyArtifactReport, z.output<typeof schema.verifyArtifactReportSchema>>>,
  Holds<Agree<plain.VerifyGithubAttestationReport, z.output<typeof schema.verifyGithubAttestationReportSchema>>>,
  Holds<Agree<plain.VerifyImageReport, z.output<typeof schema.verifyImageReportSchema>>>,
  Holds<Agree<plain.VerifyNpmPackageReport, z.output<typeof schema.verifyNpmPackageReportSchema>>>,
  Holds<Agree<plain.VerifyPypiReport, z.output<typeof schema.verifyPypiReportSchema>>>,
  Holds<Agree<plain.VerifyVsaReport, z.output<typeof schema.verifyVsaReportSchema>>>,
  Holds<Agree<plain.VerifyBundleReport, z.output<typeof schema.verifyBundleReportSchema>>>,
  Holds<Agree<plain.AttestationVerifyReport, z.output<typeof schema.attestationVerifyReportSchema>>>,
  Holds<Agree<plain.VerifyLockfileReport, z.output<typeof schema.verifyLockfileReportSchema>>>,
  Holds<Agree<plain.InspectReport, z.output<typeof schema.inspectReportSchema>>>,
  Holds<Agree<plain.PolicyExplainReport, z.output<typeof schema.policyExplainReportSchema>>>,
  Holds<Agree<plain.FetchReport, z.output<typeof schema.fetchReportSchema>>>,
];
