import { createHash } from 'node:crypto';
import type { ArtifactVerdict } from '../pipeline/judge-artifact.js';
import type { RunReport } from '../report/run-report.js';
import { fileDescriptor } from './file-descriptor.js';
import { certificateLevel, lowestLevel } from './levels.js';
import type { EnforcedPolicy } from './policy-descriptor.js';
import type { Descriptor, VsaFacts } from './statement.js';

export interface RunFactsOptions {
  /** The provenance file read, when there was one (else the verified statements are described). */
  provenancePath: string | undefined;
  policy: EnforcedPolicy;
  resourceUri: string | undefined;
  /** The subject name of a verdict (default: the matched provenance subject, else the path as given). */
  subjectName?: (verdict: ArtifactVerdict) => string;
  /** Level of a verdict without a Sigstore certificate (Cloud Build); default: none claimed. */
  unsignedLevel?: 1 | 2 | 3;
}

/** verify-artifact, verify-image, verify-npm-package: one subject per PASSED artifact. */
export async function factsFromRunReport(report: RunReport, options: RunFactsOptions): Promise<VsaFacts> {
  const subjects = report.verdicts.map((v) => ({
    name: options.subjectName ? options.subjectName(v) : (v.matchedSubject ?? v.path),
    digest: Object.fromEntries(Object.entries(v.digests ?? {}).filter((e): e is [string, string] => e[1] !== undefined)),
  }));
  let inputAttestations: Descriptor[];
  if (options.provenancePath !== undefined) {
    // The digest of the bytes that were verified; hashing the file again could record a file swapped in since.
    inputAttestations = [
      report.provenanceSha256 !== undefined
        ? { uri: options.provenancePath, digest: { sha256: report.provenanceSha256 } }
        : await fileDescriptor(options.provenancePath),
    ];
  } else {
    // Attestations read from an image layout or registry: the exact signed statements that verified.
    const payloads = new Set(report.verdicts.flatMap((v) => (v.envelope ? [createHash('sha256').update(v.envelope.payload).digest('hex')] : [])));
    inputAttestations = [...payloads].map((sha256) => ({ name: 'in-toto statement', digest: { sha256 } }));
  }
  const levels = report.verdicts.map((v) => (v.envelope ? certificateLevel(v.envelope.certificate) : options.unsignedLevel));
  return { subjects, resourceUri: options.resourceUri, inputAttestations, buildLevel: lowestLevel(levels), policy: options.policy };
}
