import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { parseDigestArgument } from '../artifacts/digest-argument.js';
import { VerifyError } from '../errors/index.js';
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
      let bytes: Buffer;
      try {
        bytes = await readFile(value);
      } catch (err) {
        throw new VerifyError('ErrorUnreadableFile', `--material ${value}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
      }
      return { label: value, algorithm: 'sha256', hex: createHash('sha256').update(bytes).digest('hex') };
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
