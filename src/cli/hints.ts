import type { Writable } from 'node:stream';
import type { VerifyError } from '../errors/index.js';
import { normalizeRepository } from '../policy/repository.js';
import type { RunReport } from '../report/run-report.js';

/**
 * `hint:` lines after slsa-verifier's own lines, where those mislead. The
 * slsa-verifier lines stay byte for byte (scripts grep them); a hint is one
 * more line, on stderr, after the verdict, in text output only.
 */

export interface HintFlags {
  sourceUri?: string;
  sourceTag?: string;
  sourceVersionedTag?: string;
  builderId?: string;
  buildWorkflowInput?: string[];
}

/** Signed strings are hostile: control, format and bidi characters are shown as \u{...}, never sent to the terminal. */
function shown(value: string): string {
  return `'${value.replace(/[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\\']/gu, (c) => (c === '\\' || c === "'" ? `\\${c}` : `\\u{${c.codePointAt(0)!.toString(16)}}`))}'`;
}

/** The ref part of `git+https://github.com/o/r@refs/heads/main`. */
function refOf(sourceUri: string | undefined): string | undefined {
  const at = sourceUri?.lastIndexOf('@') ?? -1;
  return sourceUri !== undefined && at >= 0 ? sourceUri.slice(at + 1) : undefined;
}

function hintFor(error: VerifyError, flags: HintFlags, sourceUri: string | undefined): string | undefined {
  // slsa-verifier's "expected name 'A', got 'B'" names the provenance's builder as expected.
  if ((error.code === 'ErrorMismatchBuilderID' || error.code === 'ErrorUntrustedReusableWorkflow') && /expected name '/.test(error.message)) {
    if (error.expected === undefined || error.actual === undefined) return undefined;
    const asked = flags.builderId !== undefined && error.code === 'ErrorUntrustedReusableWorkflow' ? ' (--builder-id)' : '';
    return `the expected builder is ${shown(error.expected)}${asked}; the provenance's is ${shown(error.actual)} (the line above names them the other way round)`;
  }
  if (error.code === 'ErrorInvalidRef' && /verifying tag: invalid ref: ""/.test(error.message) && (flags.sourceTag !== undefined || flags.sourceVersionedTag !== undefined)) {
    const ref = refOf(sourceUri);
    const where = ref?.startsWith('refs/heads/') === true ? `on the branch ${shown(ref.slice('refs/heads/'.length))}` : ref ? `at ${shown(ref)}` : 'on a branch';
    return `this build ran ${where}, not on a tag: --source-tag and --source-versioned-tag match only builds of a tag (use --source-branch for a branch)`;
  }
  if (error.code === 'ErrorInvalidDssePayload' && error.message.endsWith('parameters type inputs') && (flags.buildWorkflowInput?.length ?? 0) > 0) {
    return 'this build had no workflow inputs (its workflow_dispatch event carries none), so no --build-workflow-input can match';
  }
  if (error.code === 'ErrorMismatchSource' && flags.sourceUri !== undefined && /^(git\+)?https?:\/\//i.test(flags.sourceUri)) {
    return `write --source-uri ${normalizeRepository(flags.sourceUri)}, without the scheme: it is compared exactly with the provenance's repository`;
  }
  return undefined;
}

/** The hints for a run's failures, each once, in the order the failures were reported. */
export function hintsForReport(report: RunReport, flags: HintFlags): string[] {
  const found: (string | undefined)[] = [];
  if (report.error) found.push(hintFor(report.error, flags, undefined));
  for (const verdict of report.verdicts) {
    if (verdict.error) found.push(hintFor(verdict.error, flags, verdict.checks?.sourceUri));
  }
  return [...new Set(found.filter((h): h is string => h !== undefined))];
}

export function writeHints(hints: readonly string[], err: Writable): void {
  for (const hint of hints) err.write(`hint: ${hint}\n`);
}
