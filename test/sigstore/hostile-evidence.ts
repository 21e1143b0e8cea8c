import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildFixtures, type GeneratedLine } from '../../src/tools/fixtures/generate.js';
import type { LineSpec } from '../../src/tools/fixtures/cases.js';
import { FULCIO_OID_PREFIX, type FulcioExtension } from '../../src/tools/fixtures/pki.js';
import type { TlogEntryJson } from '../../src/tools/fixtures/tlog.js';

/**
 * Validly signed hostile provenance for hello.txt, made by the fixture
 * generator in one run (its PKI and log), and the file helpers the tests
 * around it share.
 */

/** Two copies of Fulcio's OIDC issuer extension (1.8), the attacker's second. */
export const duplicateIssuer = (exts: FulcioExtension[]): FulcioExtension[] => [
  ...exts,
  { oid: `${FULCIO_OID_PREFIX}.8`, value: 'https://issuer.evil.example' },
];

const SPECS: LineSpec[] = [
  { id: 'hostile-valid-v03', subjects: ['hello.txt'] },
  { id: 'hostile-dup-ext-v03', subjects: ['hello.txt'], certExtensions: duplicateIssuer },
  { id: 'hostile-dup-ext-v01', subjects: ['hello.txt'], certExtensions: duplicateIssuer, format: 'bundle-v0.1' },
  { id: 'hostile-valid-v01', subjects: ['hello.txt'], format: 'bundle-v0.1' },
  { id: 'hostile-valid-v02', subjects: ['hello.txt'], format: 'bundle-v0.2' },
];

export interface HostileEvidence {
  lines: Map<string, GeneratedLine>;
  trustedRoot: Record<string, unknown>;
  dir: string;
  trustedRootPath: string;
  /** Writes `bundle` as a one-line provenance file and returns its path. */
  write: (name: string, bundle: unknown) => string;
  bundle: (id: string) => Bundle;
}

export interface Bundle {
  mediaType: string;
  verificationMaterial: {
    certificate?: { rawBytes: string };
    x509CertificateChain?: { certificates: { rawBytes: string }[] };
    tlogEntries: TlogEntryJson[];
  };
  dsseEnvelope: { payload: string; payloadType: string; signatures: { sig: string; keyid?: string }[] };
}

let cached: HostileEvidence | undefined;

export function hostileEvidence(): HostileEvidence {
  if (cached) return cached;
  const { lines, trustedRoot } = buildFixtures([{ file: 'hostile.intoto.jsonl', description: 'hostile evidence for tests', lines: SPECS }]);
  const dir = mkdtempSync(join(tmpdir(), 'slsa-verify-hostile-'));
  const trustedRootPath = join(dir, 'trusted_root.json');
  writeFileSync(trustedRootPath, JSON.stringify(trustedRoot));
  const byId = new Map(lines.filter((l) => l.file === 'hostile.intoto.jsonl').map((l) => [l.id, l]));
  const write = (name: string, bundle: unknown): string => {
    const path = join(dir, name);
    writeFileSync(path, `${JSON.stringify(bundle)}\n`);
    return path;
  };
  const bundle = (id: string): Bundle => {
    const line = byId.get(id);
    if (!line) throw new Error(`no hostile line ${id}`);
    return JSON.parse(line.json) as Bundle;
  };
  cached = { lines: byId, trustedRoot: trustedRoot as Record<string, unknown>, dir, trustedRootPath, write, bundle };
  return cached;
}
