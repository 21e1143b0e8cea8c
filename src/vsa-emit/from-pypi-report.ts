import { basename } from 'node:path';
import { PREDICATE_SLSA_V1 } from '../provenance/statement.js';
import { parseDistFilename } from '../pypi/dist-filename.js';
import type { PypiReport } from '../pypi/report.js';
import { fileDescriptor } from './file-descriptor.js';
import { certificateLevel, lowestLevel } from './levels.js';
import type { EnforcedPolicy } from './policy-descriptor.js';
import type { VsaFacts } from './statement.js';

/**
 * verify-pypi: one subject per distribution. The resource is the package
 * purl when every distribution is of one project version. A build level is
 * claimed only from SLSA provenance attestations: a PyPI publish
 * attestation says who published, not how the file was built.
 */
export async function factsFromPypiReport(report: PypiReport, provenancePath: string | undefined, policy: EnforcedPolicy): Promise<VsaFacts> {
  const subjects = report.verdicts.map((v) => ({ name: basename(v.path), digest: v.sha256 === undefined ? {} : { sha256: v.sha256 } as Record<string, string> }));
  const inputAttestations = await Promise.all(report.verdicts.map((v) => fileDescriptor(provenancePath ?? `${v.path}.provenance`)));
  const purls = new Set(report.verdicts.map((v) => {
    const dist = parseDistFilename(basename(v.path));
    return `pkg:pypi/${encodeURIComponent(dist.project)}@${encodeURIComponent(dist.version)}`;
  }));
  const levels = report.verdicts.map((v) => {
    const slsa = v.attestations.filter((a) => a.statement.predicateType === PREDICATE_SLSA_V1);
    return slsa.length === 0 ? undefined : lowestLevel(slsa.map((a) => certificateLevel(a.envelope.certificate)));
  });
  return {
    subjects,
    resourceUri: purls.size === 1 ? [...purls][0] : undefined,
    inputAttestations,
    buildLevel: lowestLevel(levels),
    policy,
  };
}
