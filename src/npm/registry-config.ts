import { VerifyError } from '../errors/index.js';
import { fetchableUrl } from '../net/origin.js';

/**
 * The part of the user's npm configuration that decides where a package's
 * evidence is asked for, and with which token. Plain data: the CLI reads
 * .npmrc and the environment; commands never do.
 */
export interface NpmRegistryConfig {
  /** `registry=` (default https://registry.npmjs.org/), ending in "/". */
  registry: string;
  /** `@scope:registry=` per scope ("@acme"). */
  scopes: ReadonlyMap<string, string>;
  /** `//host/path/:_authToken=` keyed by that "nerf dart" (`//host/path/`). */
  tokens: ReadonlyMap<string, string>;
}

export const PUBLIC_NPM_REGISTRY = 'https://registry.npmjs.org/';

export const DEFAULT_NPM_CONFIG: NpmRegistryConfig = { registry: PUBLIC_NPM_REGISTRY, scopes: new Map(), tokens: new Map() };

export function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

/**
 * The registry asked about a locked package: its scope's registry when one is
 * configured, else the registry its `resolved` tarball URL is on
 * (`BASE/NAME/-/FILE.tgz`; the public registry's means the configured one,
 * as npm's replace-registry-host does), else the default registry.
 */
export function registryFor(config: NpmRegistryConfig, name: string, resolved: string | undefined): string {
  const scope = name.startsWith('@') ? name.slice(0, name.indexOf('/')) : undefined;
  const scoped = scope === undefined ? undefined : config.scopes.get(scope);
  if (scoped !== undefined) return withSlash(scoped);
  if (resolved !== undefined) {
    const marker = `/${name}/-/`;
    const at = resolved.indexOf(marker);
    if (at > 0 && /^https?:\/\//.test(resolved)) {
      const base = withSlash(resolved.slice(0, at));
      // As npm's replace-registry-host default: a lockfile written against the public registry uses the configured one.
      if (base === PUBLIC_NPM_REGISTRY) return withSlash(config.registry);
      fetchableUrl(base, `the registry of ${name} (resolved ${resolved.slice(0, 120)})`);
      return base;
    }
  }
  return withSlash(config.registry);
}

/**
 * The Authorization header for a URL: the token whose nerf dart is the
 * longest prefix of `//HOST/PATH`, as npm matches them; none for any other
 * origin, so a token is only ever sent to its own registry (and a redirect to
 * another host carries none).
 */
export function authorizationFor(config: NpmRegistryConfig, url: URL): string | undefined {
  const key = `//${url.host}${url.pathname}`;
  let best: string | undefined;
  let bestLength = -1;
  for (const [dart, token] of config.tokens) {
    if (key.startsWith(dart) && dart.length > bestLength) {
      best = token;
      bestLength = dart.length;
    }
  }
  return best === undefined ? undefined : `Bearer ${best}`;
}

/** `//host/path/` of a registry URL (the key npm stores its token under). */
export function nerfDart(registry: string): string {
  const url = new URL(withSlash(registry));
  return `//${url.host}${url.pathname}`;
}

/** Encodes a package name as a registry path: `@scope/name` -> `@scope%2fname`. */
export function packagePath(name: string): string {
  if (!/^(?:@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9._~-][a-z0-9._~-]*$/i.test(name)) throw new VerifyError('ErrorInvalidPackageName', `'${name.slice(0, 100)}' is not an npm package name`);
  return name.startsWith('@') ? `@${encodeURIComponent(name.slice(1))}` : encodeURIComponent(name);
}
