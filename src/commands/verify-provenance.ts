import type { HashOutcome } from '../artifacts/hash-artifacts.js';
import type { CommandKind, SlsaPolicy } from '../checks/run-checks.js';
import { asVerifyError, VerifyError } from '../errors/index.js';
import { readProvenanceFile } from '../input/read-provenance.js';
import { judgeArtifact, type ArtifactVerdict } from '../pipeline/judge-artifact.js';
import { verifyEvidence } from '../pipeline/verify-evidence.js';
import type { RunReport } from '../report/run-report.js';
import { loadTrustRoot } from '../sigstore/trusted-root.js';

export interface VerifyProvenanceRequest {
  command: CommandKind;
  artifacts: string[];
  provenancePath: string;
  policy: SlsaPolicy;
  trustedRootPath: string | undefined;
  printProvenance: boolean;
  testing: boolean;
  /** Started by the caller before this module was loaded, so hashing overlaps start-up. */
  hashing: Promise<Map<string, HashOutcome>>;
}

/**
 * Shared wiring of verify-artifact and verify-github-attestation: trust root,
 * provenance file, artifact hashes, then each artifact judged against every
 * verified statement. Hashing runs while the signatures are checked.
 */
export async function verifyProvenance(request: VerifyProvenanceRequest): Promise<RunReport> {
  const report: RunReport = { command: request.command, error: undefined, verdicts: [], printProvenance: request.printProvenance };
  const { hashing } = request;
  try {
    const trust = loadTrustRoot(request.trustedRootPath);
    const evidence = verifyEvidence(await readProvenanceFile(request.provenancePath), trust);
    const hashes = await hashing;
    report.verdicts = request.artifacts.map((path) =>
      judgeArtifact(path, hashes.get(path)!, evidence, { command: request.command, policy: request.policy, testing: request.testing }),
    );
    requireOneBuilder(report.verdicts);
  } catch (err) {
    await hashing.catch(() => undefined);
    report.error = asVerifyError(err);
  }
  return report;
}

/** As slsa-verifier: artifacts verified in one call must come from one builder. */
function requireOneBuilder(verdicts: ArtifactVerdict[]): void {
  const first = verdicts.find((v) => v.ok)?.checks?.builderId;
  for (const v of verdicts) {
    if (v.ok && v.checks?.builderId !== first) {
      v.ok = false;
      v.error = new VerifyError('ErrorMismatchBuilderID', `encountered different builderIDs ${first} ${v.checks?.builderId}`);
    }
  }
}
