import { createPublicKey, type KeyObject } from 'node:crypto';
import * as z from 'zod';
import { VerifyError } from '../errors/index.js';
import { readBoundedFileSync } from '../files/read-bounded.js';
import { embeddedSeedTarget } from '../sigstore/trusted-root.js';
import { parseUntrustedJson } from '../files/untrusted-json.js';
import { FILE_CAPS } from '../files/caps.js';

/**
 * The npm registry's signing keys, in the shape of the TUF target
 * "registry.npmjs.org/keys.json" that @sigstore/tuf embeds. Only keys whose
 * usage is "npm:attestations" may sign publish attestations.
 */
export interface RegistryKey {
  keyId: string;
  publicKey: KeyObject;
  validFor(date: Date): boolean;
}

export interface RegistryKeys {
  origin: string;
  /** A key that may sign publish attestations ("npm:attestations"). */
  find(keyId: string): RegistryKey | undefined;
  /** A key that may sign `dist.signatures` ("npm:signatures"). */
  findSignatureKey(keyId: string): RegistryKey | undefined;
}

const ATTESTATION_KEY_USAGE = 'npm:attestations';
const SIGNATURE_KEY_USAGE = 'npm:signatures';
const EMBEDDED_TARGET = 'registry.npmjs.org%2Fkeys.json';

const isoDate = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'not a date');
const keysSchema = z
  .object({
    keys: z.array(
      z
        .object({
          keyId: z.string().min(1),
          keyUsage: z.string(),
          publicKey: z
            .object({
              rawBytes: z.string().min(1),
              keyDetails: z.string(),
              // As for the trusted root: a key that does not say from when it counts is malformed; `end` is inclusive.
              validFor: z.object({ start: isoDate, end: isoDate.optional() }).loose(),
            })
            .loose(),
        })
        .loose(),
    ),
  })
  .loose();

export function registryKeysFromJson(json: unknown, origin: string): RegistryKeys {
  const parsed = keysSchema.safeParse(json);
  if (!parsed.success) {
    throw new VerifyError('ErrorInvalidTrustedRoot', `${origin}: not an npm registry key list (${parsed.error.issues[0]?.message ?? 'bad shape'})`);
  }
  const keys = new Map<string, RegistryKey>();
  const signatureKeys = new Map<string, RegistryKey>();
  for (const k of parsed.data.keys) {
    const usage = k.keyUsage === ATTESTATION_KEY_USAGE ? keys : k.keyUsage === SIGNATURE_KEY_USAGE ? signatureKeys : undefined;
    if (usage === undefined) continue;
    if (usage.has(k.keyId)) throw new VerifyError('ErrorInvalidTrustedRoot', `${origin}: key ${k.keyId} listed twice for ${k.keyUsage}`);
    let publicKey: KeyObject;
    try {
      publicKey = createPublicKey({ key: Buffer.from(k.publicKey.rawBytes, 'base64'), format: 'der', type: 'spki' });
    } catch (err) {
      throw new VerifyError('ErrorInvalidTrustedRoot', `${origin}: key ${k.keyId}: ${err instanceof Error ? err.message : String(err)}`);
    }
    const start = new Date(k.publicKey.validFor.start);
    const end = k.publicKey.validFor.end ? new Date(k.publicKey.validFor.end) : undefined;
    usage.set(k.keyId, {
      keyId: k.keyId,
      publicKey,
      validFor: (date) => start <= date && (end === undefined || date <= end),
    });
  }
  return { origin, find: (keyId) => keys.get(keyId), findSignatureKey: (keyId) => signatureKeys.get(keyId) };
}

/** `--npm-registry-keys FILE` replaces the embedded list entirely, as --trusted-root does. */
export function loadRegistryKeys(path?: string): RegistryKeys {
  if (path === undefined) {
    const encoded = embeddedSeedTarget(EMBEDDED_TARGET);
    if (!encoded) throw new VerifyError('ErrorInvalidTrustedRoot', `embedded seeds have no ${EMBEDDED_TARGET}`);
    return registryKeysFromJson(JSON.parse(Buffer.from(encoded, 'base64').toString('utf8')), 'embedded npm registry keys');
  }
  const text = readBoundedFileSync(path, { what: 'npm registry keys', maxBytes: FILE_CAPS.npmRegistryKeys, tooLargeCode: 'ErrorInvalidTrustedRoot' }).toString('utf8');
  let json: unknown;
  try {
    json = parseUntrustedJson(text);
  } catch {
    throw new VerifyError('ErrorInvalidTrustedRoot', `${path}: not valid JSON`);
  }
  return registryKeysFromJson(json, path);
}

/** The registry's own key list, `GET /-/npm/v1/keys`, as `npm audit signatures` reads it. */
const npmKeysSchema = z
  .object({
    keys: z.array(
      z
        .object({
          keyid: z.string().min(1),
          keytype: z.string().optional(),
          scheme: z.string().optional(),
          key: z.string().min(1),
          expires: isoDate.nullable().optional(),
        })
        .loose(),
    ),
  })
  .loose();

/**
 * The keys a registry serves at /-/npm/v1/keys, over the given list
 * (embedded or --npm-registry-keys): they sign `dist.signatures` and, on a
 * registry other than the public one, its publish attestations too (npm
 * reads one list for both). A key counts until its `expires` (the publish
 * time is compared, as `npm audit signatures` does). For the public
 * registry the embedded TUF-rooted list is the other copy of the claim: a
 * key must be in both (and the same key), its validity is the embedded
 * one's, and publish attestations stay with the embedded keys.
 */
export function withServedKeys(base: RegistryKeys, json: unknown, registry: string, isPublic: boolean): RegistryKeys {
  const origin = `${registry}-/npm/v1/keys`;
  const parsed = npmKeysSchema.safeParse(json);
  if (!parsed.success) throw new VerifyError('ErrorInvalidTrustedRoot', `${origin}: not an npm registry key list (${parsed.error.issues[0]?.path.join('.') ?? ''}: ${parsed.error.issues[0]?.message ?? 'bad shape'})`);
  const served = new Map<string, RegistryKey>();
  for (const k of parsed.data.keys) {
    if (served.has(k.keyid)) throw new VerifyError('ErrorInvalidTrustedRoot', `${origin}: key ${k.keyid.slice(0, 80)} listed twice`);
    let publicKey: KeyObject;
    try {
      publicKey = createPublicKey({ key: Buffer.from(k.key, 'base64'), format: 'der', type: 'spki' });
    } catch (err) {
      throw new VerifyError('ErrorInvalidTrustedRoot', `${origin}: key ${k.keyid.slice(0, 80)}: ${err instanceof Error ? err.message : String(err)}`);
    }
    // Two copies of one key id must be one key, whichever registry serves it.
    const known = base.findSignatureKey(k.keyid) ?? base.find(k.keyid);
    if (known && !known.publicKey.equals(publicKey)) {
      throw new VerifyError('ErrorInvalidTrustedRoot', `${origin}: key ${k.keyid.slice(0, 80)} is not the key of that id in ${base.origin}`);
    }
    const expires = k.expires === null || k.expires === undefined ? undefined : new Date(k.expires);
    served.set(k.keyid, { keyId: k.keyid, publicKey, validFor: (date) => expires === undefined || date <= expires });
  }
  return {
    origin,
    // A registry that relays the public one's packages may relay their signatures: the embedded keys still count there.
    find: (keyId) => (isPublic ? base.find(keyId) : (served.get(keyId) ?? base.find(keyId))),
    // For the public registry the TUF-rooted embedded list decides (its ids and its expiry): a served list can only take keys away, never add one or extend one.
    findSignatureKey: (keyId) => (isPublic ? (served.has(keyId) ? base.findSignatureKey(keyId) : undefined) : (base.findSignatureKey(keyId) ?? served.get(keyId))),
  };
}
