import { VerifyError } from '../errors/index.js';
import { readBoundedText } from '../files/read-bounded.js';
import type { DigestAlgorithm } from './hash-file.js';
import { FILE_CAPS } from '../files/caps.js';

export interface ChecksumEntry {
  name: string;
  algorithm: DigestAlgorithm;
  hex: string;
  line: number;
}

const HEX_LENGTH: Record<DigestAlgorithm, number> = { sha256: 64, sha512: 128 };
/** GNU coreutils: `<hex>  name` (text mode) or `<hex> *name` (binary mode). */
const GNU_LINE = /^([0-9a-fA-F]+) [ *](.+)$/;
/** BSD / `sha256sum --tag`: `SHA256 (name) = <hex>`. */
const BSD_LINE = /^(SHA256|SHA512) \((.+)\) = ([0-9a-fA-F]+)$/;

/**
 * Parses a `sha256sum` / `sha512sum` file (GNU or BSD lines, mixed allowed).
 * Any line that is not one of those forms fails the whole file: a checksum
 * list that is half understood must not verify half of what was meant.
 */
export function parseChecksums(text: string, source: string): ChecksumEntry[] {
  const entries = new Map<string, ChecksumEntry>();
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  lines.forEach((raw, i) => {
    const line = i + 1;
    const content = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (content.trim() === '') return;
    const fail = (why: string): never => {
      throw new VerifyError('ErrorUsage', `${source}:${line}: malformed checksum line: ${why}`);
    };
    // GNU escapes names holding a backslash or newline with a leading '\': not supported, refuse.
    if (content.startsWith('\\')) fail('escaped file names are not supported');
    let algorithm: DigestAlgorithm;
    let name: string;
    let hex: string;
    const bsd = BSD_LINE.exec(content);
    const gnu = bsd ? null : GNU_LINE.exec(content);
    if (bsd) {
      algorithm = bsd[1] === 'SHA256' ? 'sha256' : 'sha512';
      name = bsd[2]!;
      hex = bsd[3]!;
      if (hex.length !== HEX_LENGTH[algorithm]) fail(`${bsd[1]} needs ${HEX_LENGTH[algorithm]} hex digits, got ${hex.length}`);
    } else if (gnu) {
      hex = gnu[1]!;
      name = gnu[2]!;
      if (hex.length === 64) algorithm = 'sha256';
      else if (hex.length === 128) algorithm = 'sha512';
      else return fail(`expected 64 (sha256) or 128 (sha512) hex digits, got ${hex.length}`);
    } else {
      return fail("expected '<hex>  name', '<hex> *name' or 'SHA256 (name) = <hex>'");
    }
    hex = hex.toLowerCase();
    const previous = entries.get(name);
    if (previous && (previous.algorithm !== algorithm || previous.hex !== hex)) {
      fail(`'${name}' already has another digest on line ${previous.line}`);
    }
    if (!previous) entries.set(name, { name, algorithm, hex, line });
  });
  if (entries.size === 0) throw new VerifyError('ErrorUsage', `${source}: no checksum lines`);
  return [...entries.values()];
}

export async function readChecksumsFile(path: string): Promise<ChecksumEntry[]> {
  const text = await readBoundedText(path, { what: '--checksums', maxBytes: FILE_CAPS.checksums, tooLargeCode: 'ErrorUsage' });
  return parseChecksums(text, path);
}
