import { main } from '../../cli/main.js';

export interface CliRun {
  status: number;
  stdout: string;
  stderr: string;
}

/**
 * The real CLI entry point (`main`, as bin/slsa-verify calls it), run in this
 * process with its output captured: the same parsing, verification, rendering
 * and exit code as a spawned CLI, without a process start per run. Runs must
 * not overlap (the output streams and the exit code are process-wide).
 */
export async function runCliInProcess(args: readonly string[]): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const stdoutWrite = process.stdout.write;
  const stderrWrite = process.stderr.write;
  const previousExitCode = process.exitCode;
  const capture = (into: string[]) =>
    ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      into.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      const done = rest.find((r): r is () => void => typeof r === 'function');
      done?.();
      return true;
    }) as typeof process.stdout.write;
  process.exitCode = undefined;
  process.stdout.write = capture(out);
  process.stderr.write = capture(err);
  let status: number;
  try {
    await main(['node', 'slsa-verify', ...args]);
  } finally {
    process.stdout.write = stdoutWrite;
    process.stderr.write = stderrWrite;
    status = Number(process.exitCode ?? 0);
    process.exitCode = previousExitCode;
  }
  return { status, stdout: out.join(''), stderr: err.join('') };
}
