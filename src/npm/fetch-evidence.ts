import { VerifyError } from '../errors/index.js';
import type { Fetcher } from '../net/fetcher.js';
import { parseJsonBytes } from '../net/http-client.js';
import { summarizePackageDocument, type NpmDocumentSummary } from './package-document.js';
import { packagePath } from './registry-config.js';

/** What the registry says about one locked package version: plain data (it crosses to verify workers). */
export interface NpmRegistryEvidence {
  kind: 'npm-registry';
  /** The registry asked, ending in "/". */
  registry: string;
  summary: NpmDocumentSummary;
  /** The attestations document, when the version has attestations. */
  attestations: unknown;
  /** The registry's /-/npm/v1/keys document, when asked for and served (judged where it is used). */
  registryKeys?: unknown;
}

/** Package documents of popular packages run to tens of megabytes. */
const MAX_DOCUMENT_BYTES = 64 * 1024 * 1024;
const MAX_ATTESTATIONS_BYTES = 16 * 1024 * 1024;

/**
 * The package document, then (when the version has them) its attestations:
 * from `dist.attestations.url` when that is on the registry's own origin,
 * else from `/-/npm/v1/attestations/NAME@VERSION`. A document that lists
 * attestations the registry then does not serve fails closed.
 */
export async function fetchNpmEvidence(fetcher: Fetcher, registry: string, name: string, version: string): Promise<NpmRegistryEvidence> {
  const docWhat = `package document of ${name}`;
  const bytes = await fetcher.get(`${registry}${packagePath(name)}`, { accept: 'application/json', maxBytes: MAX_DOCUMENT_BYTES, what: docWhat });
  if (bytes === undefined) throw new VerifyError('ErrorNotPresent', `${name}: ${registry} has no such package`);
  const summary = summarizePackageDocument(parseJsonBytes(bytes, docWhat), name, version, docWhat);
  if (!summary.locked) throw new VerifyError('ErrorNotPresent', `${name}@${version}: ${registry} does not list this version`);
  let attestations: unknown;
  const listed = summary.locked.attestationsUrl;
  if (listed !== undefined) {
    const fallback = `${registry}-/npm/v1/attestations/${packagePath(name)}@${encodeURIComponent(version)}`;
    let url = fallback;
    try {
      if (new URL(listed).origin === new URL(registry).origin) url = listed;
    } catch {
      // Not a URL: the registry's own endpoint is asked instead.
    }
    const what = `attestations of ${name}@${version}`;
    const answer = await fetcher.get(url, { accept: 'application/json', maxBytes: MAX_ATTESTATIONS_BYTES, what });
    if (answer === undefined) throw new VerifyError('ErrorNotPresent', `${name}@${version}: the package document lists attestations, but ${new URL(url).origin} serves none`);
    attestations = parseJsonBytes(answer, what);
  }
  return { kind: 'npm-registry', registry, summary, attestations };
}

const MAX_KEYS_BYTES = 1024 * 1024;

/** The registry's key list (`/-/npm/v1/keys`), or undefined when it serves none (the embedded keys stand). */
export async function fetchRegistryKeys(fetcher: Fetcher, registry: string): Promise<unknown> {
  const what = `registry keys of ${registry}`;
  const bytes = await fetcher.get(`${registry}-/npm/v1/keys`, { accept: 'application/json', maxBytes: MAX_KEYS_BYTES, what });
  return bytes === undefined ? undefined : parseJsonBytes(bytes, what);
}
