import { isMap, isSeq, Lexer, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type * as z from 'zod';
import { VerifyError } from '../errors/index.js';
import { readBoundedText } from '../files/read-bounded.js';
import { policySchema, type PolicyFile } from './schema.js';
import { FILE_CAPS } from '../files/caps.js';

/** Reads a YAML or JSON policy file; every error names the file, line, column and field. */
export async function loadPolicy(path: string): Promise<PolicyFile> {
  const text = await readBoundedText(path, { what: 'policy', maxBytes: FILE_CAPS.policy, tooLargeCode: 'ErrorInvalidPolicy' });
  return parsePolicy(text, path);
}

/** JSON-style `[`/`{` nesting; a policy needs about 5. The parser's recursion is slow long before it fails. */
const MAX_FLOW_DEPTH = 64;

export function parsePolicy(text: string, source: string): PolicyFile {
  if (flowTooDeep(text)) throw new VerifyError('ErrorInvalidPolicy', `${source}: nested too deeply (more than ${MAX_FLOW_DEPTH} levels of [ or {)`);
  const lineCounter = new LineCounter();
  // JSON is YAML; duplicate keys and aliases are refused (uniqueKeys, maxAliasCount 0) so no value is ambiguous.
  let doc: Document;
  try {
    doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false, strict: true });
  } catch (err) {
    throw new VerifyError('ErrorInvalidPolicy', `${source}: ${parserFailure(err)}`);
  }
  const syntax = doc.errors[0];
  if (syntax) {
    const pos = lineCounter.linePos(syntax.pos[0]);
    throw new VerifyError('ErrorInvalidPolicy', `${source}:${pos.line}:${pos.col}: ${parserFailure(syntax)}`);
  }
  let json: unknown;
  try {
    json = doc.toJS({ maxAliasCount: 0 });
  } catch (err) {
    throw new VerifyError('ErrorInvalidPolicy', `${source}: ${parserFailure(err)}`);
  }
  const parsed = policySchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new VerifyError('ErrorInvalidPolicy', `${source}:${where(doc, lineCounter, issue)}: ${fieldName(issue)}: ${issue.message}`);
  }
  return parsed.data;
}

/** Whether `[`/`{` nest deeper than the limit, from the YAML lexer's tokens (quoted brackets are inside scalar tokens), without recursion. */
function flowTooDeep(text: string): boolean {
  let depth = 0;
  for (const token of new Lexer().lex(text)) {
    if (token === '[' || token === '{') {
      if (++depth > MAX_FLOW_DEPTH) return true;
    } else if (token === ']' || token === '}') depth = Math.max(0, depth - 1);
  }
  return false;
}

/** The parser's reason in one line; running out of stack (nesting hundreds deep) is said as such, not as a JavaScript error. */
function parserFailure(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  if (err instanceof RangeError || /call stack/i.test(message)) return 'nested too deeply';
  return message.split('\n')[0] ?? message;
}

/** The line:col of the deepest node the issue's path reaches (an unknown key points at the key itself). */
function where(doc: Document, lines: LineCounter, issue: z.core.$ZodIssue): string {
  const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
  let node: unknown = doc.contents;
  if (issue.code === 'unrecognized_keys' && issue.keys[0] !== undefined) path.push(issue.keys[0]);
  for (let i = 0; i < path.length; i++) {
    const key = path[i]!;
    let next: unknown;
    if (isMap(node)) {
      const pair = node.items.find((p) => (p.key as { value?: unknown } | null)?.value === key);
      // An unknown key has no value worth pointing at: point at the key.
      next = i === path.length - 1 && issue.code === 'unrecognized_keys' ? pair?.key : pair?.value;
    } else if (isSeq(node) && typeof key === 'number') next = node.items[key];
    if (!next) break;
    node = next;
  }
  const offset = (node as Node | null)?.range?.[0] ?? 0;
  const pos = lines.linePos(offset);
  return `${pos.line}:${pos.col}`;
}

function fieldName(issue: z.core.$ZodIssue): string {
  const path = issue.path.map(String);
  if (issue.code === 'unrecognized_keys') path.push(...issue.keys.slice(0, 1));
  return path.length === 0 ? '(top level)' : path.join('.');
}
