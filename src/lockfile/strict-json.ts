import { VerifyError, type ErrorCode } from '../errors/index.js';

/**
 * JSON.parse, refusing what it would silently resolve: an object that
 * repeats a key (JSON.parse keeps the last; another reader may keep the
 * first) and a `__proto__` key (no plain object or schema output can carry
 * it, so it would be dropped unseen). Keys are compared decoded, so `"a"`
 * and `"\u0061"` are one key.
 */
export function parseStrictJson(text: string, source: string, code: ErrorCode = 'ErrorUsage'): unknown {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new VerifyError(code, `${source}: not valid JSON`);
  }
  const problem = keyProblem(text);
  if (problem) throw new VerifyError(code, `${source}: ${problem}`);
  return json;
}

// Over text JSON.parse accepted: strings, the structural characters, and runs of anything else (numbers, literals, blanks).
const TOKEN = /"(?:[^"\\]|\\.)*"|[{}[\],:]|[^"{}[\],:]+/gy;

/** The first repeated or unrepresentable key of valid JSON text, described; undefined when there is none. */
function keyProblem(text: string): string | undefined {
  // One frame per open object (its keys so far, and whether a key comes next) or array (null).
  const stack: ({ keys: Set<string>; keyNext: boolean } | null)[] = [];
  TOKEN.lastIndex = 0;
  for (let match = TOKEN.exec(text); match !== null; match = TOKEN.exec(text)) {
    const token = match[0];
    const top = stack[stack.length - 1];
    switch (token) {
      case '{':
        stack.push({ keys: new Set(), keyNext: true });
        break;
      case '[':
        stack.push(null);
        break;
      case '}':
      case ']':
        stack.pop();
        break;
      case ',':
        if (top) top.keyNext = true;
        break;
      default:
        if (top?.keyNext === true && token.startsWith('"')) {
          const key = JSON.parse(token) as string;
          if (key === '__proto__') return `the key "__proto__" cannot be represented`;
          if (top.keys.has(key)) return `the key ${JSON.stringify(key)} appears twice in one object`;
          top.keys.add(key);
          top.keyNext = false;
        }
    }
  }
  return undefined;
}
