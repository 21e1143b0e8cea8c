import { VerifyError } from '../errors/index.js';
import { openEvidenceFetcher } from '../net/evidence-dir.js';
import { DEFAULT_HTTP_OPTIONS, HttpClient, type HttpClientOptions } from '../net/http-client.js';
import { authorizationFor, DEFAULT_NPM_CONFIG } from '../npm/registry-config.js';
import { DEFAULT_INDEX_URL, describeFetch, fetchTreeEvidence, type EvidenceSources } from './fetch-evidence.js';
import type { LockedPackage } from './locked-package.js';
import { indexCredentials } from '../pypi/index-url.js';

export interface TreeEvidenceOptions {
  /** May the command open connections (default never: a library call stays offline). */
  network?: 'never' | 'allowed' | undefined;
  /** Where npm and Python evidence is asked for (the CLI reads .npmrc and --index-url). */
  sources?: Partial<EvidenceSources> | undefined;
  /** Stores every fetched document (with network), or is the only source (without). */
  evidenceDir?: string | undefined;
  /** Replaces the HTTP client's settings (tests: short timeouts). */
  http?: Partial<HttpClientOptions> | undefined;
  /** Told, before anything is fetched, what will be fetched from where (one line). */
  announce?: ((line: string) => void) | undefined;
}

/**
 * Without --artifacts every package is verified from the registry's (or
 * index's) evidence, by the lockfile's digests: fetched with the network
 * allowed (stored in --evidence-dir when given), or read from --evidence-dir
 * alone when not. With neither the command cannot run as asked.
 */
export async function fetchEvidence(packages: readonly LockedPackage[], request: TreeEvidenceOptions): Promise<LockedPackage[]> {
  const sources: EvidenceSources = {
    npm: request.sources?.npm ?? DEFAULT_NPM_CONFIG,
    indexUrl: request.sources?.indexUrl ?? DEFAULT_INDEX_URL,
    indexAuthorization: request.sources?.indexAuthorization,
  };
  const online = request.network === 'allowed';
  if (!online && request.evidenceDir === undefined) {
    throw new VerifyError('ErrorUsage', 'the network is off (--offline): give --artifacts DIR with the tarballs and attestations, or --evidence-dir DIR prepared by `slsa-verify fetch`');
  }
  const client = online ? new HttpClient({ ...DEFAULT_HTTP_OPTIONS, ...request.http, credentials: (url) => authorizationFor(sources.npm, url) ?? indexCredentials({ indexUrl: sources.indexUrl, authorization: sources.indexAuthorization }, url) }) : undefined;
  const fetcher = await openEvidenceFetcher(client, request.evidenceDir);
  if (online) request.announce?.(describeFetch(packages, sources));
  try {
    return await fetchTreeEvidence(packages, sources, fetcher);
  } finally {
    await fetcher.close();
  }
}
