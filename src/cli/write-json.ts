import { jsonDocument } from '../report/escape-text.js';

/** `--format json`: the command's report, one document on stdout (control and bidi characters escaped). */
export function writeJson(report: unknown, out: { write(s: string): unknown } = process.stdout): void {
  out.write(jsonDocument(report));
}
