import { isScalar, parseDocument, visit } from 'yaml';
import { VerifyError } from '../errors/index.js';
import { flowTooDeep } from '../policy/load-policy.js';

/**
 * A YAML lockfile (pnpm-lock.yaml, Yarn Berry's yarn.lock) as plain data.
 * Duplicate keys and aliases are refused so that every reader sees one tree.
 * Duplicates are found here in one pass over each mapping: the parser's own
 * uniqueKeys check compares every key with every other (minutes for a
 * 100,000-entry lockfile, measured).
 */
export function parseYamlLockfile(text: string, source: string, what: string): unknown {
  const refuse = (why: string): VerifyError => new VerifyError('ErrorUsage', `${source}: not ${what} (${why.split('\n')[0]?.slice(0, 200) ?? ''})`);
  if (flowTooDeep(text, 16)) throw refuse('nested too deeply');
  try {
    const doc = parseDocument(text, { uniqueKeys: false, prettyErrors: false, strict: true });
    const syntax = doc.errors[0];
    if (syntax) throw refuse(syntax.message);
    let problem: string | undefined;
    visit(doc, {
      Map(_key, map) {
        // Compared as the plain data will hold them: 1 and '1' are one key there.
        const seen = new Set<string>();
        for (const pair of map.items) {
          if (!isScalar(pair.key)) {
            problem = 'a key that is not a plain value';
            return visit.BREAK;
          }
          const key = String(pair.key.value);
          if (seen.has(key)) {
            problem = `the key "${key.slice(0, 100)}" is listed twice`;
            return visit.BREAK;
          }
          seen.add(key);
        }
        return undefined;
      },
    });
    if (problem !== undefined) throw new VerifyError('ErrorUsage', `${source}: ${problem}`);
    return doc.toJS({ maxAliasCount: 0 });
  } catch (err) {
    if (err instanceof VerifyError) throw err;
    const message = err instanceof Error ? err.message : String(err);
    throw refuse(err instanceof RangeError || /call stack/i.test(message) ? 'nested too deeply' : message);
  }
}
