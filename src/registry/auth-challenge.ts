import { VerifyError } from '../errors/index.js';

/**
 * The `WWW-Authenticate` challenge of a 401 answer (RFC 7235 auth-params), as
 * the distribution token spec uses it:
 *   Bearer realm="https://auth.example/token",service="registry.example",scope="repository:a/b:pull"
 * Only the Bearer scheme can be answered without credentials.
 */
export interface BearerChallenge {
  realm: string;
  service: string | undefined;
  scope: string | undefined;
}

/** Splits `scheme k=v, k="v", ...`; returns the params of the first Bearer challenge, or undefined. */
export function parseBearerChallenge(header: string): BearerChallenge | undefined {
  const match = /^\s*bearer\s+/i.exec(header);
  if (!match) return undefined;
  const params = new Map<string, string>();
  const re = /\s*([A-Za-z0-9_.-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,"]*))\s*(?:,|$)/y;
  re.lastIndex = match[0].length;
  while (re.lastIndex < header.length) {
    const m = re.exec(header);
    if (!m) throw new VerifyError('ErrorRegistryUnreachable', `malformed WWW-Authenticate challenge: ${header.slice(0, 200)}`);
    const key = m[1]!.toLowerCase();
    if (params.has(key)) throw new VerifyError('ErrorRegistryUnreachable', `WWW-Authenticate challenge repeats "${key}"`);
    params.set(key, m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : (m[3] ?? ''));
  }
  const realm = params.get('realm');
  if (realm === undefined || realm === '') throw new VerifyError('ErrorRegistryUnreachable', 'Bearer challenge without a realm');
  return { realm, service: params.get('service'), scope: params.get('scope') };
}
