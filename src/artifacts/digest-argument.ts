import type { DigestAlgorithm } from './hash-file.js';

/** `sha256:<64 hex>` or `sha512:<128 hex>`: an artifact named by its digest, never read. */
const DIGEST_ARGUMENT = /^(sha256:[0-9a-fA-F]{64}|sha512:[0-9a-fA-F]{128})$/;

export interface DigestArgument {
  algorithm: DigestAlgorithm;
  /** Lowercase: subjects are compared exactly, and slsa-verifier writes lowercase hex. */
  hex: string;
}

export function parseDigestArgument(value: string): DigestArgument | undefined {
  if (!DIGEST_ARGUMENT.test(value)) return undefined;
  const [algorithm, hex] = value.split(':') as [DigestAlgorithm, string];
  return { algorithm, hex: hex.toLowerCase() };
}

export function isDigestArgument(value: string): boolean {
  return DIGEST_ARGUMENT.test(value);
}
