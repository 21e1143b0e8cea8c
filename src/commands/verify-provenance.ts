import type { HashOutcome } from '../artifacts/hash-artifacts.js';
import { matchedSubjectName } from '../artifacts/matched-subject.js';
import type { CommandKind, SlsaPolicy } from '../checks/run-checks.js';
import { asVerifyError, VerifyError } from '../errors/index.js';
import { readProvenance } from '../input/read-provenance.js';
import { judgeArtifact, type ArtifactVerdict } from '../pipeline/judge-artifact.js';
import { verifyEvidence } from '../pipeline/verify-evidence.js';
import type { LegacyLookupOptions } from '../rekor/resolve-legacy.js';
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
  /** How bare DSSE envelopes are looked up in Rekor; without it they fail with ErrorNeedsLogLookup. */
  rekor?: LegacyLookupOptions;
  /** Started by the caller before this module was loaded, so hashing overlaps start-up. */
  hashing: Promise<Map<string, HashOutcome>>;
  /** A stage run on each verdict after the slsa-verifier checks passed (--policy, src/policy/enforce.ts). */
  enforce?: (verdict: ArtifactVerdict) => void;
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
    const { items, sha256: provenanceSha256 } = await readProvenance(request.provenancePath);
    report.provenanceSha256 = provenanceSha256;
    // Only a file with bare envelopes loads the lookup code (and may use the network).
    const legacy =
      request.rekor && items.some((e) => e.kind === 'dsse')
        ? await (await import('../rekor/resolve-legacy.js')).resolveLegacyEvidence(items, request.provenancePath, trust, async () => sha256Of(await hashing), request.rekor)
        : undefined;
    const evidence = verifyEvidence(items, trust, legacy);
    const hashes = await hashing;
    report.verdicts = request.artifacts.map((path) =>
      judgeArtifact(path, hashes.get(path)!, evidence, { command: request.command, policy: request.policy, testing: request.testing }),
    );
    for (const v of report.verdicts) {
      v.matchedSubject = matchedSubjectName(v.statement, v.digests);
      if (v.ok) request.enforce?.(v);
    }
    requireOneBuilder(report.verdicts);
    // --save-bundle only for a run that passed: a failed verification writes nothing.
    const saveBundle = request.rekor?.saveBundle;
    if (legacy && saveBundle !== undefined && report.verdicts.length > 0 && report.verdicts.every((v) => v.ok)) {
      await (await import('../rekor/resolve-legacy.js')).saveLookedUpBundles(saveBundle, legacy);
    }
  } catch (err) {
    await hashing.catch(() => undefined);
    report.error = asVerifyError(err);
  }
  return report;
}

function sha256Of(hashes: Map<string, HashOutcome>): string[] {
  return [...hashes.values()].flatMap((h) => (h.ok && h.digests.sha256 ? [h.digests.sha256] : []));
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
