import { VerifyError } from '../errors/index.js';
import { fetchableUrl } from '../net/origin.js';

/** The Simple API pip asks by default. */
export const PUBLIC_PYPI_INDEX = 'https://pypi.org/simple/';

/** A Simple API base as given with --index-url, and the credentials pip would send to it. */
export interface IndexLocation {
  /** The base, ending in "/", without credentials. */
  indexUrl: string;
  /** `Basic ...` from the URL's user info (pip's `https://USER:TOKEN@host/simple/`), sent to this origin only. */
  authorization: string | undefined;
}

/**
 * --index-url as pip spells it: credentials may be written into the URL.
 * They are taken out of it (no URL carrying them is ever fetched) and kept
 * for the index's own origin, as pip keys them by host: an index a lockfile
 * names elsewhere, or a redirect to another origin, gets none.
 */
export function parseIndexUrl(raw: string): IndexLocation {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new VerifyError('ErrorUsage', `--index-url: '${raw.slice(0, 200)}' is not a URL`);
  }
  let authorization: string | undefined;
  if (url.username !== '' || url.password !== '') {
    let user: string;
    let password: string;
    try {
      user = decodeURIComponent(url.username);
      password = decodeURIComponent(url.password);
    } catch {
      throw new VerifyError('ErrorUsage', '--index-url: the credentials in it do not decode');
    }
    authorization = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
    url.username = '';
    url.password = '';
  }
  const base = fetchableUrl(url.href, '--index-url').href;
  return { indexUrl: base.endsWith('/') ? base : `${base}/`, authorization };
}

/** The index's credentials for a URL on its origin, none for any other. */
export function indexCredentials(location: Pick<IndexLocation, 'indexUrl' | 'authorization'>, url: URL): string | undefined {
  if (location.authorization === undefined) return undefined;
  return url.origin === new URL(location.indexUrl).origin ? location.authorization : undefined;
}
