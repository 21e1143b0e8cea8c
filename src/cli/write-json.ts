/** `--format json`: the command's report, one document on stdout. */
export function writeJson(report: unknown, out: { write(s: string): unknown } = process.stdout): void {
  out.write(`${JSON.stringify(report, null, 2)}\n`);
}
