import { parseWorkflowInputs, type SlsaPolicyFlags } from './slsa-policy-flags.js';
import type { PypiReport } from '../pypi/report.js';
import type { RunReport } from '../report/run-report.js';
import { asVerifyError } from '../errors/index.js';
import type { VsaEmitter } from '../vsa-emit/emitter.js';
import type { VsaFacts } from '../vsa-emit/statement.js';
import { EXIT } from './exit-codes.js';
import { safeText } from '../report/escape-text.js';
import { fileDescriptor } from '../vsa-emit/file-descriptor.js';
import { factsFromPypiReport } from '../vsa-emit/from-pypi-report.js';
import { factsFromRunReport } from '../vsa-emit/from-run-report.js';
import type { EnforcedPolicy } from '../vsa-emit/policy-descriptor.js';
import { npmPurl } from '../vsa-emit/purl.js';

/**
 * The flags each command's VSA records (structural, so that this module and
 * the command files that load it do not import each other).
 */
type ProvenanceCommandFlags = SlsaPolicyFlags & { policy?: string | undefined };
type ImageCommandFlags = SlsaPolicyFlags & { provenancePath?: string | undefined };
type NpmPackageFlags = SlsaPolicyFlags & { attestationsPath?: string | undefined; packageName: string; packageVersion: string; npmRegistryKeys?: string | undefined };
interface PypiFlags {
  provenance?: string | undefined;
  repository?: string | undefined;
  serviceAccount?: string | undefined;
  workflow?: string | undefined;
  environment?: string | undefined;
  trustedRoot?: string | undefined;
}

/** The flags that constrained a Sigstore provenance verdict; an absent builderId means slsa-verifier's default trusted builders. */
async function provenancePolicy(command: string, flags: ProvenanceCommandFlags | ImageCommandFlags | NpmPackageFlags, extra: EnforcedPolicy | undefined = undefined): Promise<EnforcedPolicy> {
  const inputs = parseWorkflowInputs(flags.buildWorkflowInput);
  return {
    ...extra,
    command,
    sourceUri: flags.sourceUri,
    builderId: flags.builderId,
    sourceBranch: flags.sourceBranch,
    sourceTag: flags.sourceTag,
    sourceVersionedTag: flags.sourceVersionedTag,
    buildWorkflowInputs: Object.keys(inputs).length > 0 ? inputs : undefined,
    trustedRoot: await digestOf(flags.trustedRoot),
  };
}

async function digestOf(path: string | undefined): Promise<string | undefined> {
  return path === undefined ? undefined : `sha256:${(await fileDescriptor(path)).digest['sha256'] ?? ''}`;
}

export function emitArtifactVsa(emitter: VsaEmitter, report: RunReport, flags: ProvenanceCommandFlags, provenancePath: string): Promise<number | undefined> {
  return emitAfterPass(emitter, async () => factsFromRunReport(report, {
    provenancePath,
    policy: await provenancePolicy(report.command, flags, { command: report.command, policyFile: await digestOf(flags.policy) }),
    resourceUri: report.verdicts.length === 1 ? report.verdicts[0]?.path : undefined,
  }));
}

export function emitImageVsa(emitter: VsaEmitter, report: RunReport & { gcbKeyName: string | undefined }, flags: ImageCommandFlags): Promise<number | undefined> {
  return emitAfterPass(emitter, async () => factsFromRunReport(report, {
    provenancePath: flags.provenancePath,
    policy: await provenancePolicy('verify-image', flags),
    resourceUri: report.verdicts[0]?.path,
    // The repository name, as cosign and slsa-verifier name an image subject; the digest is the subject's.
    subjectName: (v) => v.path.slice(0, v.path.lastIndexOf('@')),
    // Cloud Build: provenance signed by Google's attestor key, i.e. authentic and from a hosted platform (L2);
    // isolation (L3) is Google's claim, not something the provenance shows.
    ...(report.gcbKeyName !== undefined ? { unsignedLevel: 2 as const } : {}),
  }));
}

export function emitNpmVsa(emitter: VsaEmitter, report: RunReport, flags: NpmPackageFlags): Promise<number | undefined> {
  const purl = npmPurl(flags.packageName, flags.packageVersion);
  return emitAfterPass(emitter, async () => factsFromRunReport(report, {
    provenancePath: flags.attestationsPath,
    policy: await provenancePolicy('verify-npm-package', flags, {
      command: 'verify-npm-package', packageName: flags.packageName, packageVersion: flags.packageVersion,
      npmRegistryKeys: await digestOf(flags.npmRegistryKeys),
    }),
    resourceUri: purl,
    subjectName: () => purl,
  }));
}

export function emitPypiVsa(emitter: VsaEmitter, report: PypiReport, flags: PypiFlags): Promise<number | undefined> {
  return emitAfterPass(emitter, async () => factsFromPypiReport(report, flags.provenance, {
    command: 'verify-pypi',
    repository: flags.repository,
    serviceAccount: flags.serviceAccount,
    workflow: flags.workflow,
    environment: flags.environment,
    trustedRoot: await digestOf(flags.trustedRoot),
  }));
}

/**
 * After a PASSED verdict: write the VSA. Returns undefined when written,
 * else the exit code the run ends with (the verdict stands, but what was
 * asked for is missing, so the run must not look like a success).
 */
async function emitAfterPass(emitter: VsaEmitter, facts: () => Promise<VsaFacts>): Promise<number | undefined> {
  try {
    await emitter.emit(await facts());
    return undefined;
  } catch (err) {
    const error = asVerifyError(err);
    process.stderr.write(safeText`Error: ${error.message}\n`);
    return error.isUsage ? EXIT.usage : EXIT.failed;
  }
}
