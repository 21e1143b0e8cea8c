import { TrustedRoot } from '@sigstore/protobuf-specs';
import { toTrustMaterial, type TrustMaterial } from '@sigstore/verify';
import * as z from 'zod';
import { VerifyError } from '../errors/index.js';
import { describeIssue } from '../input/bundle-shape.js';
import { checkCertificateStructure } from './certificate-der.js';
import { trustWithEncodedOnce } from './encoded-once.js';
import { libraryDetail } from './library-error.js';
// Bundled into the CLI at build time (the package ships no node_modules): no TUF client runs, no file is read.
import embeddedSeeds from '@sigstore/tuf/seeds.json' with { type: 'json' };
import { readBoundedFileSync } from '../files/read-bounded.js';
import { parseUntrustedJson } from '../files/untrusted-json.js';
import { FILE_CAPS } from '../files/caps.js';

/** The public-good TUF mirror whose embedded targets we read (never contacted). */
const PUBLIC_GOOD_MIRROR = 'https://tuf-repo-cdn.sigstore.dev';

const seedsSchema = z.record(
  z.string(),
  z.object({ targets: z.record(z.string(), z.string()) }),
);

/** RFC 3339, as protobuf JSON writes a Timestamp. */
const timestamp = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/, 'not an RFC 3339 time')
  .refine((v) => !Number.isNaN(Date.parse(v)), 'not a valid time');

/**
 * When a key or CA may be used. The library reads a missing start as "since
 * the beginning of time"; Go's verifier refuses such a key. A root that does
 * not say from when a key counts is malformed. `end` is inclusive.
 */
const validFor = z
  .object({ start: timestamp, end: timestamp.nullish() })
  .loose()
  .refine((v) => v.end == null || Date.parse(v.start) <= Date.parse(v.end), 'ends before it starts');

const rawBytes = z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/, 'not base64');
const logInstance = z
  .object({ baseUrl: z.string().min(1), publicKey: z.object({ rawBytes, validFor }).loose(), logId: z.object({ keyId: rawBytes }).loose() })
  .loose();
const certificateAuthority = z
  .object({ certChain: z.object({ certificates: z.array(z.object({ rawBytes }).loose()).min(1) }).loose(), validFor })
  .loose();

/** What the verifier reads is checked here; the protobuf decoder fills defaults for anything missing. */
const trustedRootShape = z
  .object({
    mediaType: z.string().startsWith('application/vnd.dev.sigstore.trustedroot'),
    // GitHub's own instance lists no log: a CA and a timestamp authority only.
    tlogs: z.array(logInstance).nullish(),
    certificateAuthorities: z.array(certificateAuthority).min(1),
    ctlogs: z.array(logInstance).nullish(),
    timestampAuthorities: z.array(certificateAuthority).nullish(),
  })
  .loose()
  .refine((v) => (v.tlogs?.length ?? 0) > 0 || (v.timestampAuthorities?.length ?? 0) > 0, 'lists neither a transparency log nor a timestamp authority');

export interface TrustRoot {
  /** Where the material came from, for reports. */
  origin: string;
  material: TrustMaterial;
}

/**
 * The Sigstore public-good trusted root as embedded in @sigstore/tuf's seeds.
 * Read from the package on disk: no TUF client runs, so no socket is opened.
 */
export function embeddedTrustedRootJson(): unknown {
  const encoded = embeddedSeedTarget('trusted_root.json');
  if (!encoded) throw new VerifyError('ErrorInvalidTrustedRoot', 'embedded seeds have no trusted_root.json');
  return JSON.parse(Buffer.from(encoded, 'base64').toString('utf8'));
}

/** A TUF target embedded in @sigstore/tuf's seeds (base64), e.g. "registry.npmjs.org%2Fkeys.json". */
export function embeddedSeedTarget(name: string): string | undefined {
  const seeds = seedsSchema.parse(embeddedSeeds);
  const targets = seeds[PUBLIC_GOOD_MIRROR]?.targets;
  return targets && Object.hasOwn(targets, name) ? targets[name] : undefined;
}

export function trustRootFromJson(json: unknown, origin: string): TrustRoot {
  const shape = trustedRootShape.safeParse(json);
  if (!shape.success) {
    throw new VerifyError('ErrorInvalidTrustedRoot', `${origin}: not a Sigstore trusted root (${describeIssue(shape.error)})`);
  }
  let material: TrustMaterial;
  try {
    material = toTrustMaterial(TrustedRoot.fromJSON(json));
  } catch (err) {
    throw new VerifyError('ErrorInvalidTrustedRoot', `${origin}: a key or certificate cannot be read${libraryDetail(err)}`);
  }
  for (const [kind, authorities] of [['certificate authority', material.certificateAuthorities], ['timestamp authority', material.timestampAuthorities]] as const) {
    authorities.forEach((ca, i) =>
      ca.certChain.forEach((cert, j) => checkCertificateStructure(cert, `${origin}: ${kind} ${i + 1} certificate ${j + 1}`, 'ErrorInvalidTrustedRoot')),
    );
  }
  return { origin, material: trustWithEncodedOnce(material) };
}

/** `--trusted-root FILE` replaces the embedded root entirely; it never merges. One root: a JSON document, or a `.jsonl` of one line. */
export function loadTrustRoot(path?: string): TrustRoot {
  if (path === undefined) return trustRootFromJson(embeddedTrustedRootJson(), 'embedded public-good root');
  const roots = loadTrustRoots(path);
  if (roots.length !== 1) {
    throw new VerifyError('ErrorInvalidTrustedRoot', `${path} holds ${roots.length} trusted roots; this option takes one (attestation verify --custom-trusted-root takes several)`);
  }
  return roots[0]!;
}

/**
 * A trusted_root.json, or JSON lines of roots as `gh attestation
 * trusted-root` prints them (the public-good root and GitHub's own
 * instance). Each root stays whole: a caller verifies against one root at
 * a time, with that root's requirements.
 */
export function loadTrustRoots(path: string): TrustRoot[] {
  const text = readBoundedFileSync(path, { what: 'trusted root', maxBytes: FILE_CAPS.trustedRoot, tooLargeCode: 'ErrorInvalidTrustedRoot' }).toString('utf8');
  try {
    return [trustRootFromJson(parseUntrustedJson(text), path)];
  } catch (err) {
    if (err instanceof VerifyError) throw err;
  }
  const roots: TrustRoot[] = [];
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    let json: unknown;
    try {
      json = parseUntrustedJson(line);
    } catch {
      throw new VerifyError('ErrorInvalidTrustedRoot', `${path}: not valid JSON${lines.length > 1 ? ` (line ${i + 1})` : ''}`);
    }
    roots.push(trustRootFromJson(json, `${path} line ${i + 1}`));
  });
  if (roots.length === 0) throw new VerifyError('ErrorInvalidTrustedRoot', `${path}: not valid JSON`);
  return roots;
}
