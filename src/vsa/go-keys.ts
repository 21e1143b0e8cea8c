import { VerifyError } from '../errors/index.js';
import { foldEqual, getOwn, isJsonObject, type JsonObject } from '../provenance/go-json.js';

/**
 * slsa-verifier decodes the VSA with Go's encoding/json, which binds a key to
 * a struct field case-insensitively and lets a later spelling overwrite an
 * earlier one. A key that only folds onto a field (`_TYPE`, `PayloadType`)
 * is where Go and this reader could see two different documents: refused
 * (ErrorInvalidDssePayload) rather than guessed at.
 */
export type GoFieldTable = readonly { path: readonly string[]; fields: readonly string[] }[];

/** The objects at `path` ("*": each element of an array). */
function objectsAt(node: unknown, path: readonly string[]): JsonObject[] {
  if (path.length === 0) return isJsonObject(node) ? [node] : [];
  const [head, ...rest] = path;
  if (head === '*') return Array.isArray(node) ? node.flatMap((item: unknown) => objectsAt(item, rest)) : [];
  if (!isJsonObject(node) || head === undefined) return [];
  const own = getOwn(node, head);
  return own.found ? objectsAt(own.value, rest) : [];
}

export function refuseFoldedKeys(json: unknown, table: GoFieldTable): void {
  for (const { path, fields } of table) {
    for (const node of objectsAt(json, path)) {
      for (const key of Object.keys(node)) {
        const field = fields.find((f) => f !== key && foldEqual(key, f));
        if (field !== undefined) {
          throw new VerifyError('ErrorInvalidDssePayload', `${[...path, key].join('.')}: another spelling of "${field}" is ambiguous`);
        }
      }
    }
  }
}
