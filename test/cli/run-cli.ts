import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../..', import.meta.url));
const BIN = fileURLToPath(new URL('../../bin/slsa-verify', import.meta.url));

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real CLI (bin/slsa-verify over dist/) from the repository root. */
export function runCli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: REPO,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

export interface JsonReport {
  schemaVersion: number;
  command: string;
  verdict: 'PASSED' | 'FAILED';
  error: { code: string; message: string } | null;
  artifacts: {
    path: string;
    matchedSubject?: string | null;
    digest: Record<string, string> | null;
    verdict: 'PASSED' | 'FAILED';
    error: { code: string; message: string } | null;
    builderId: string | null;
    sourceUri: string | null;
    commit: string | null;
    statement: { line: number | null; type: string; predicateType: string; subjects: { name: string; digest: Record<string, string> }[] } | null;
    checks: { id: string; status: string; expected?: string; actual?: string; code?: string }[];
  }[];
}
