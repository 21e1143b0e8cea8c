import { readFileSync } from 'node:fs';
import { TrustedRoot } from '@sigstore/protobuf-specs';
import { toTrustMaterial, type TrustMaterial } from '@sigstore/verify';
import * as z from 'zod';
import { VerifyError } from '../errors/index.js';
import { trustWithEncodedOnce } from './encoded-once.js';
// Bundled into the CLI at build time (the package ships no node_modules): no TUF client runs, no file is read.
import embeddedSeeds from '@sigstore/tuf/seeds.json' with { type: 'json' };

/** The public-good TUF mirror whose embedded targets we read (never contacted). */
const PUBLIC_GOOD_MIRROR = 'https://tuf-repo-cdn.sigstore.dev';

const seedsSchema = z.record(
  z.string(),
  z.object({ targets: z.record(z.string(), z.string()) }),
);

/** Top-level shape only: the protobuf decoder checks the rest. */
const trustedRootShape = z
  .object({
    mediaType: z.string().startsWith('application/vnd.dev.sigstore.trustedroot'),
    tlogs: z.array(z.unknown()).min(1),
    certificateAuthorities: z.array(z.unknown()).min(1),
  })
  .loose();

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
    throw new VerifyError('ErrorInvalidTrustedRoot', `${origin}: not a Sigstore trusted root (${shape.error.issues[0]?.message ?? 'bad shape'})`);
  }
  try {
    return { origin, material: trustWithEncodedOnce(toTrustMaterial(TrustedRoot.fromJSON(json))) };
  } catch (err) {
    throw new VerifyError('ErrorInvalidTrustedRoot', `${origin}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** `--trusted-root FILE` replaces the embedded root entirely; it never merges. */
export function loadTrustRoot(path?: string): TrustRoot {
  if (path === undefined) return trustRootFromJson(embeddedTrustedRootJson(), 'embedded public-good root');
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new VerifyError('ErrorUnreadableFile', `trusted root ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new VerifyError('ErrorInvalidTrustedRoot', `${path}: not valid JSON`);
  }
  return trustRootFromJson(json, path);
}
