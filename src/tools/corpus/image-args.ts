import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CorpusCase } from './cases.js';

/**
 * verify-image cases as the real CLI runs them. The Go tests read images from
 * places the CLI does not: Cloud Build keys embedded in the binary (here a
 * trust config listing the corpus's keys/gcb/) and, for `local-oci-layout`
 * cases, an OCI layout directory standing in for the registry (here an
 * `oci-layout:` reference to that directory, at the same digest).
 */
let trustConfig: string | undefined;

function gcbTrustConfig(corpusDir: string): string {
  if (trustConfig === undefined) {
    const dir = mkdtempSync(join(tmpdir(), 'slsa-verify-corpus-'));
    trustConfig = join(dir, 'trust-config.json');
    writeFileSync(trustConfig, JSON.stringify({ gcb: { keysDir: join(corpusDir, 'keys', 'gcb') } }));
  }
  return trustConfig;
}

export function isLocalLayoutCase(c: CorpusCase): boolean {
  return c.command === 'verify-image' && c.harness === 'local-oci-layout' && typeof c.oci_layout === 'string';
}

export function imageCaseArgs(c: CorpusCase, corpusDir: string): string[] {
  if (c.command !== 'verify-image') return c.args;
  if (isLocalLayoutCase(c)) {
    const image = c.args[1] ?? '';
    const digest = image.slice(image.lastIndexOf('@'));
    return [c.args[0]!, `oci-layout:${c.oci_layout}${digest}`, ...c.args.slice(2)];
  }
  return [...c.args, '--trust-config', gcbTrustConfig(corpusDir)];
}

/** slsa-verifier lines with a `<placeholder>` match any text there. */
export function stderrLineMatches(actual: string, expected: string): boolean {
  const pattern = expected.split(/<[^<>]+>/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.+');
  return new RegExp(`^${pattern}$`).test(actual);
}
