import { npmPackageDocument, type NpmTreePackage } from '../fixtures/npm-tree.js';
import { json, startStandIn, type StandIn } from './server.js';

/**
 * A stand-in npm registry: package documents (`GET /NAME`, scoped names as
 * `@scope%2fname`), attestations (`/-/npm/v1/attestations/NAME@VERSION`) and
 * the key list (`/-/npm/v1/keys`), from a fixture tree. With `token`, every
 * request must carry `Authorization: Bearer TOKEN` (a private registry).
 */
export interface NpmRegistryOptions {
  packages: readonly NpmTreePackage[];
  registryKeys?: object;
  token?: string;
  /** Versions served without attestations (a stolen-token publish). */
  unattested?: (p: NpmTreePackage) => boolean;
  /** Versions the registry says were published by a trusted publisher (`_npmUser.trustedPublisher`). */
  trustedPublisher?: (p: NpmTreePackage) => boolean;
}

export interface NpmRegistryStandIn extends StandIn {
  documentOf(name: string): object | undefined;
}

export async function startNpmRegistry(options: NpmRegistryOptions): Promise<NpmRegistryStandIn> {
  const byName = new Map<string, NpmTreePackage[]>();
  for (const p of options.packages) byName.set(p.name, [...(byName.get(p.name) ?? []), p]);
  const attestations = new Map(options.packages.map((p) => [`${p.name}@${p.version}`, p.attestations]));
  const unattested = options.unattested ?? (() => false);
  let base = '';
  const documents = new Map<string, object>();
  const documentOf = (name: string): object | undefined => {
    const list = byName.get(name);
    if (!list) return undefined;
    let doc = documents.get(name);
    if (!doc) {
      doc = npmPackageDocument(list, base, (p) => !unattested(p), options.trustedPublisher);
      documents.set(name, doc);
    }
    return doc;
  };
  const standIn = await startStandIn((path, request) => {
    if (options.token !== undefined && request.headers.authorization !== `Bearer ${options.token}`) {
      return { status: 401, headers: { 'www-authenticate': 'Bearer realm="npm"' }, body: '{"error":"authentication required"}' };
    }
    const decoded = decodeURIComponent(path.split('?')[0]!);
    if (decoded === '/-/npm/v1/keys') return options.registryKeys ? json(servedKeys(options.registryKeys)) : undefined;
    const attestation = /^\/-\/npm\/v1\/attestations\/(.+)$/.exec(decoded);
    if (attestation) {
      const found = attestations.get(attestation[1]!);
      const p = options.packages.find((x) => `${x.name}@${x.version}` === attestation[1]);
      return found && p && !unattested(p) ? json(found) : undefined;
    }
    const doc = documentOf(decoded.slice(1));
    return doc ? json(doc) : undefined;
  });
  base = standIn.url;
  return Object.assign(standIn, { documentOf });
}

/**
 * The key list as a registry serves it at /-/npm/v1/keys (`keyid`, `key`
 * as base64 SPKI, `expires`), from the TUF-target shape the fixtures write
 * (one entry per key id, whatever its usages).
 */
export function servedKeys(tufKeys: object): { keys: { keyid: string; keytype: string; scheme: string; key: string; expires: string | null }[] } {
  const list = (tufKeys as { keys?: { keyId: string; publicKey: { rawBytes: string; validFor?: { end?: string } } }[] }).keys ?? [];
  const byId = new Map<string, { keyid: string; keytype: string; scheme: string; key: string; expires: string | null }>();
  for (const k of list) {
    if (!byId.has(k.keyId)) byId.set(k.keyId, { keyid: k.keyId, keytype: 'ecdsa-sha2-nistp256', scheme: 'ecdsa-sha2-nistp256', key: k.publicKey.rawBytes, expires: k.publicKey.validFor?.end ?? null });
  }
  return { keys: [...byId.values()] };
}
