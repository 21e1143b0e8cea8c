import { EXIT } from '../exit-codes.js';
import { writeJson } from '../write-json.js';

export interface VsaFlags {
  attestationPath: string;
  verifierId: string;
  resourceUri: string;
  publicKeyPath: string;
  publicKeyId?: string;
  subjectDigest: string[];
  verifiedLevel: string[];
  verifiedLevels: string[];
  printAttestation?: boolean;
  format: 'text' | 'json';
}

/** verify-vsa: flags to request, run, render, exit code. */
export async function runVsaCommand(flags: VsaFlags): Promise<number> {
  const [{ runVerifyVsa, vsaReport }, { renderVsaText }] = await Promise.all([
    import('../../commands/verify-vsa.js'),
    import('../render/vsa-text.js'),
  ]);
  const levels = [...flags.verifiedLevel, ...flags.verifiedLevels.flatMap((l) => l.split(',').map((s) => s.trim()))];
  const report = await runVerifyVsa({
    attestationPath: flags.attestationPath,
    publicKeyPath: flags.publicKeyPath,
    publicKeyId: flags.publicKeyId,
    policy: {
      subjectDigests: flags.subjectDigest,
      verifierId: flags.verifierId,
      resourceUri: flags.resourceUri,
      verifiedLevels: levels.filter((l) => l !== ''),
    },
    printAttestation: flags.printAttestation === true,
  });
  if (flags.format === 'json') writeJson(vsaReport(report));
  else renderVsaText(report, process.stdout, process.stderr);
  if (!report.error) return EXIT.verified;
  return report.error.isUsage ? EXIT.usage : EXIT.failed;
}
