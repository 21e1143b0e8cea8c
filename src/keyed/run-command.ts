import { EXIT } from '../cli/exit-codes.js';
import type { HashOutcome } from '../artifacts/hash-artifacts.js';
import { renderKeyedJson, renderKeyedText, keyedPassed } from './render.js';
import type { StatementSignature } from './statement-signature.js';
import { verifyKeyedProvenance, type KeyedPolicy } from './verify-keyed.js';

export interface KeyedCommandOptions {
  artifacts: string[];
  provenancePath: string;
  publicKeyPath: string | undefined;
  publicKeyId: string | undefined;
  statementSignature?: StatementSignature;
  policy: KeyedPolicy;
  hashing: Promise<Map<string, HashOutcome>>;
  printProvenance: boolean;
  format: 'text' | 'json';
}

/** verify-artifact --public-key: verify, render, and pick the exit code. */
export async function runKeyedCommand(options: KeyedCommandOptions): Promise<number> {
  const report = await verifyKeyedProvenance(options);
  if (options.format === 'json') renderKeyedJson(report, options.printProvenance, process.stdout);
  else renderKeyedText(report, options.printProvenance, process.stdout, process.stderr);
  if (keyedPassed(report)) return EXIT.verified;
  const errors = [report.error, ...report.verdicts.map((v) => v.error)];
  return errors.some((e) => e?.isUsage === true) ? EXIT.usage : EXIT.failed;
}
