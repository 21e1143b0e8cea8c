import { existsSync } from 'node:fs';
import { parseDigestArgument } from '../artifacts/digest-argument.js';
import { hashFile } from '../artifacts/hash-file.js';
import { VerifyError } from '../errors/index.js';

async function withContext<T>(run: () => Promise<T>, context: string): Promise<T> {
  try {
    return await run();
  } catch (err) {
    throw err instanceof VerifyError ? err.withContext(context) : err;
  }
}
import { PREDICATE_SLSA_V02, type Statement } from '../provenance/statement.js';

/** One --material: a dependency the statement must list with this digest (e.g. the lockfile the build used). */
export interface MaterialRequirement {
  /** The file path or the digest argument, for reports. */
  label: string;
  algorithm: 'sha256' | 'sha512';
  hex: string;
}

/** `--material FILE|sha256:HEX|sha512:HEX` (a digest that is also a file is refused, as for artifacts). */
export async function resolveMaterials(values: readonly string[]): Promise<MaterialRequirement[]> {
  return Promise.all(
    values.map(async (value): Promise<MaterialRequirement> => {
      const digest = parseDigestArgument(value);
      if (digest) {
        if (existsSync(value)) throw new VerifyError('ErrorUsage', `--material ${value} is both a digest and an existing file; write ./${value} for the file`);
        return { label: value, algorithm: digest.algorithm, hex: digest.hex };
      }
      // Streamed, and only a regular file: a lockfile may be large, a device never ends.
      const digests = await withContext(() => hashFile(value, ['sha256']), '--material');
      return { label: value, algorithm: 'sha256', hex: digests.sha256! };
    }),
  );
}

/**
 * Every required material must be listed (v0.2 `materials`, v1
 * `resolvedDependencies`) with that digest; an entry that states the same
 * algorithm with another value does not count, whatever its name.
 */
export function checkMaterials(statement: Statement, required: readonly MaterialRequirement[]): void {
  const listed = statement.predicateType === PREDICATE_SLSA_V02 ? statement.predicate.materials : statement.predicate.buildDefinition.resolvedDependencies;
  for (const material of required) {
    const found = listed.some((entry) => Object.hasOwn(entry.digest, material.algorithm) && entry.digest[material.algorithm]?.toLowerCase() === material.hex);
    if (!found) {
      throw new VerifyError('ErrorMismatchHash', `the provenance lists no material with ${material.algorithm} ${material.hex} (--material ${material.label})`, {
        expected: `${material.algorithm}:${material.hex}`,
      });
    }
  }
}
