import { lstat } from 'node:fs/promises';
import { VerifyError } from '../errors/index.js';
import { readChecksumsFile } from './checksums-file.js';
import { parseDigestArgument } from './digest-argument.js';
import { hashArtifacts, type HashOutcome } from './hash-artifacts.js';
import type { DigestAlgorithm, Digests } from './hash-file.js';

/** One artifact to judge: a file to hash, or a digest given on the command line or in a checksums file. */
export type ArtifactInput =
  | { kind: 'file'; label: string }
  | { kind: 'digest'; label: string; digests: Digests };

/**
 * Turns the artifact arguments and `--checksums` files into inputs keyed by a
 * unique label (the path, the digest, or the checksum file's name). A
 * `sha256:<hex>` argument that is also an existing file is refused: either
 * reading could be what was meant, so neither is guessed (`./sha256:...`
 * names the file).
 */
export async function resolveArtifactInputs(args: readonly string[], checksumFiles: readonly string[]): Promise<ArtifactInput[]> {
  const inputs: ArtifactInput[] = [];
  for (const arg of args) {
    const digest = parseDigestArgument(arg);
    if (!digest) {
      inputs.push({ kind: 'file', label: arg });
      continue;
    }
    if (await exists(arg)) {
      throw new VerifyError('ErrorUsage', `'${arg}' is both a digest and an existing file; write './${arg}' for the file`);
    }
    inputs.push({ kind: 'digest', label: arg, digests: { [digest.algorithm]: digest.hex } });
  }
  for (const file of checksumFiles) {
    for (const entry of await readChecksumsFile(file)) {
      inputs.push({ kind: 'digest', label: entry.name, digests: { [entry.algorithm]: entry.hex } });
    }
  }
  const seen = new Map<string, ArtifactInput>();
  for (const input of inputs) {
    const previous = seen.get(input.label);
    if (previous && !sameInput(previous, input)) {
      throw new VerifyError('ErrorUsage', `artifact '${input.label}' is given twice with different contents`);
    }
    seen.set(input.label, input);
  }
  if (seen.size === 0) throw new VerifyError('ErrorUsage', 'no artifact given: name files or digests, or use --checksums FILE');
  return [...seen.values()];
}

/** Hashes the files (once each); digest inputs are taken as given and nothing is read. */
export async function hashArtifactInputs(
  inputs: readonly ArtifactInput[],
  algorithms: readonly DigestAlgorithm[],
): Promise<Map<string, HashOutcome>> {
  const files = await hashArtifacts(inputs.filter((i) => i.kind === 'file').map((i) => i.label), algorithms);
  return new Map(
    inputs.map((i): [string, HashOutcome] => [i.label, i.kind === 'file' ? files.get(i.label)! : { ok: true, digests: i.digests }]),
  );
}

function sameInput(a: ArtifactInput, b: ArtifactInput): boolean {
  if (a.kind === 'file' || b.kind === 'file') return a.kind === b.kind;
  return JSON.stringify(a.digests) === JSON.stringify(b.digests);
}

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch {
    return false;
  }
}
