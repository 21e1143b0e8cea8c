import type { VerifyError } from '../errors/index.js';
import type { ArtifactVerdict } from '../pipeline/judge-artifact.js';

/** Everything a renderer needs about one command run. */
export interface RunReport {
  command: string;
  /** Run-level failure that stopped before any artifact was judged (bad trust root, unreadable provenance...). */
  error: VerifyError | undefined;
  verdicts: ArtifactVerdict[];
  printProvenance: boolean;
  /** SHA-256 of the provenance file as it was read and verified, when the run read one. */
  provenanceSha256?: string;
}

export function runPassed(report: RunReport): boolean {
  return report.error === undefined && report.verdicts.length > 0 && report.verdicts.every((v) => v.ok);
}

export function firstError(report: RunReport): VerifyError | undefined {
  return report.error ?? report.verdicts.find((v) => !v.ok)?.error;
}
