import { createHash } from 'node:crypto';
import * as z from 'zod';
import { VerifyError } from '../errors/index.js';
import { parseBearerChallenge } from './auth-challenge.js';
import { redirectAllowed } from '../net/origin.js';
import type { RegistryName } from './registry-name.js';
import { parseUntrustedJson } from '../files/untrusted-json.js';
import { describeFetchFailure } from '../net/fetch-failure.js';

/**
 * A read-only client of one repository over the OCI distribution API. It only
 * fetches: manifests and blobs are checked against the digest they were asked
 * by, and nothing is trusted before the signature stages. Auth is anonymous,
 * or the distribution token flow: a 401 carrying a Bearer challenge is
 * answered by GET <realm>?service=...&scope=... (no credentials) and the
 * request retried once with the token. Every way of not getting an answer
 * (network, timeout, 5xx, 429, refused access) ends in
 * ErrorRegistryUnreachable (exit 4): "could not ask" is not "not verified".
 */

export interface RegistryClientOptions {
  timeoutMs: number;
  /** Tries per request (1 = no retry). */
  attempts: number;
  backoffMs: number;
  /** What requests go through; tests put a local server behind an https name with it. */
  fetch?: typeof fetch;
}

export const DEFAULT_REGISTRY_OPTIONS: RegistryClientOptions = { timeoutMs: 10_000, attempts: 3, backoffMs: 300 };

const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
const MAX_BLOB_BYTES = 64 * 1024 * 1024;
const MAX_REDIRECTS = 5;
const MAX_TOKEN_BYTES = 1024 * 1024;
const DIGEST = /^sha256:[0-9a-f]{64}$/;

export const MANIFEST_ACCEPT = [
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
].join(', ');

const tokenSchema = z.object({ token: z.string().min(1).optional(), access_token: z.string().min(1).optional() }).loose();

/** A retryable failure (network, timeout, 5xx, 429). */
class TransientError extends Error {}

export interface Fetched {
  bytes: Buffer;
  digest: string;
  mediaType: string | undefined;
}

function unreachable(detail: string, cause?: unknown): VerifyError {
  return new VerifyError('ErrorRegistryUnreachable', detail, { cause });
}

function sha256(bytes: Buffer): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

async function readCapped(response: Response, max: number, what: string): Promise<Buffer> {
  const declared = Number(response.headers.get('content-length') ?? '0');
  if (declared > max) throw unreachable(`${what} is larger than ${max} bytes`);
  const chunks: Buffer[] = [];
  let total = 0;
  if (response.body) {
    for await (const chunk of response.body) {
      total += chunk.length;
      if (total > max) throw unreachable(`${what} is larger than ${max} bytes`);
      chunks.push(Buffer.from(chunk));
    }
  }
  return Buffer.concat(chunks);
}

export class RegistryClient {
  private token: string | undefined;
  private readonly base: URL;

  constructor(
    readonly name: RegistryName,
    private readonly options: RegistryClientOptions = DEFAULT_REGISTRY_OPTIONS,
  ) {
    this.base = new URL(name.baseUrl);
  }

  /**
   * Every URL the client is sent to (a redirect, a token realm) must be
   * https, or plain HTTP only from loopback to loopback: a remote registry
   * never sends us to plain HTTP nor to this machine. No credentials in it.
   */
  private checkTarget(from: URL, to: URL, what: string): void {
    if (!redirectAllowed(from, to)) {
      throw unreachable(`${this.name.host}: refusing ${what} ${to.protocol}//${to.host} (https only; plain HTTP and loopback only from a loopback registry)`);
    }
  }

  private url(path: string): string {
    return `${this.name.baseUrl}/v2/${this.name.repository}/${path}`;
  }

  /** A manifest by tag or digest; undefined when the registry has none. A digest reference must match the content. */
  async manifest(reference: string): Promise<Fetched | undefined> {
    const answer = await this.get(this.url(`manifests/${reference}`), MANIFEST_ACCEPT, MAX_MANIFEST_BYTES, `manifest ${reference}`);
    if (answer === undefined) return undefined;
    const digest = sha256(answer.bytes);
    if (DIGEST.test(reference) && digest !== reference) {
      throw new VerifyError('ErrorInvalidFormat', `${this.name.host}/${this.name.repository}: manifest ${reference} does not match its digest`);
    }
    return { bytes: answer.bytes, digest, mediaType: answer.mediaType };
  }

  /** A blob, refused unless it hashes to its digest and has its descriptor's size. */
  async blob(descriptor: { digest: string; size: number }): Promise<Buffer> {
    if (!DIGEST.test(descriptor.digest)) throw new VerifyError('ErrorInvalidFormat', `bad digest ${descriptor.digest}`);
    if (descriptor.size > MAX_BLOB_BYTES) throw new VerifyError('ErrorInvalidFormat', `blob ${descriptor.digest} is larger than ${MAX_BLOB_BYTES} bytes`);
    const answer = await this.get(this.url(`blobs/${descriptor.digest}`), '*/*', descriptor.size, `blob ${descriptor.digest}`);
    if (answer === undefined) throw new VerifyError('ErrorInvalidFormat', `${this.name.host}/${this.name.repository}: blob ${descriptor.digest} is missing`);
    if (sha256(answer.bytes) !== descriptor.digest || answer.bytes.length !== descriptor.size) {
      throw new VerifyError('ErrorInvalidFormat', `blob ${descriptor.digest} does not match its digest or size`);
    }
    return answer.bytes;
  }

  /** `GET /v2/<name>/referrers/<digest>`: the index, or undefined when the API is not supported (404). */
  async referrers(digest: string): Promise<Buffer | undefined> {
    const answer = await this.get(this.url(`referrers/${digest}`), 'application/vnd.oci.image.index.v1+json', MAX_MANIFEST_BYTES, `referrers of ${digest}`);
    return answer?.bytes;
  }

  /** GET with retries; 404 is "none". */
  private async get(url: string, accept: string, max: number, what: string): Promise<{ bytes: Buffer; mediaType: string | undefined } | undefined> {
    let last: unknown;
    for (let attempt = 0; attempt < this.options.attempts; attempt++) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, this.options.backoffMs * 2 ** (attempt - 1)));
      try {
        return await this.once(url, accept, max, what);
      } catch (err) {
        if (!(err instanceof TransientError)) throw err;
        last = err;
      }
    }
    throw unreachable(`${this.name.host}: ${what}: ${last instanceof Error ? last.message : String(last)}`, last);
  }

  private async once(url: string, accept: string, max: number, what: string): Promise<{ bytes: Buffer; mediaType: string | undefined } | undefined> {
    const signal = AbortSignal.timeout(this.options.timeoutMs);
    let response = await this.follow(url, accept, signal);
    if (response.status === 401 && this.token === undefined) {
      const challenge = response.headers.get('www-authenticate');
      await response.body?.cancel();
      const bearer = challenge === null ? undefined : parseBearerChallenge(challenge);
      if (bearer === undefined) throw unreachable(`${this.name.host}: ${what}: the registry asks for credentials (only anonymous and token access are supported)`);
      this.token = await this.fetchToken(bearer.realm, bearer.service, bearer.scope ?? `repository:${this.name.repository}:pull`, signal);
      response = await this.follow(url, accept, signal);
    }
    try {
      if (response.status === 404) return undefined;
      if (response.status === 401 || response.status === 403) throw unreachable(`${this.name.host}: ${what}: access denied (HTTP ${response.status})`);
      if (response.status === 429 || response.status >= 500) throw new TransientError(`HTTP ${response.status}`);
      if (response.status !== 200) throw unreachable(`${this.name.host}: ${what}: unexpected HTTP ${response.status}`);
      const mediaType = response.headers.get('content-type')?.split(';')[0]?.trim();
      return { bytes: await readCapped(response, max, what), mediaType };
    } catch (err) {
      if (err instanceof VerifyError || err instanceof TransientError) throw err;
      throw new TransientError(describeFetchFailure(err));
    } finally {
      await response.body?.cancel().catch(() => undefined);
    }
  }

  /**
   * One GET, following at most MAX_REDIRECTS redirects by hand: each hop is
   * checked (checkTarget), and the token is only ever sent to the registry's
   * own origin (blob storage redirects elsewhere).
   */
  private async follow(start: string, accept: string, signal: AbortSignal, sendToken = true): Promise<Response> {
    let url = new URL(start);
    for (let hop = 0; ; hop++) {
      const headers: Record<string, string> = { accept };
      if (sendToken && this.token !== undefined && url.origin === this.base.origin) headers['authorization'] = `Bearer ${this.token}`;
      let response: Response;
      try {
        response = await (this.options.fetch ?? fetch)(url, { headers, redirect: 'manual', signal });
      } catch (err) {
        throw new TransientError(describeFetchFailure(err));
      }
      const location = response.headers.get('location');
      if (![301, 302, 303, 307, 308].includes(response.status) || location === null) return response;
      await response.body?.cancel().catch(() => undefined);
      if (hop >= MAX_REDIRECTS) throw unreachable(`${this.name.host}: more than ${MAX_REDIRECTS} redirects`);
      let next: URL;
      try {
        next = new URL(location, url);
      } catch {
        throw unreachable(`${this.name.host}: a redirect to a malformed URL`);
      }
      this.checkTarget(url, next, 'a redirect to');
      url = next;
    }
  }

  /** The token endpoint of the distribution auth spec (anonymous: no credentials sent, never the registry token). */
  private async fetchToken(realm: string, service: string | undefined, scope: string, signal: AbortSignal): Promise<string> {
    let url: URL;
    try {
      url = new URL(realm);
    } catch {
      throw unreachable(`${this.name.host}: token realm ${realm} is not a URL`);
    }
    this.checkTarget(this.base, url, 'a token realm at');
    if (service !== undefined) url.searchParams.set('service', service);
    for (const s of scope.split(' ').filter((x) => x !== '')) url.searchParams.append('scope', s);
    const response = await this.follow(url.toString(), 'application/json', signal, false).catch((err: unknown) => {
      throw err instanceof TransientError ? new TransientError(`token endpoint: ${err.message}`) : err;
    });
    try {
      if (response.status === 429 || response.status >= 500) throw new TransientError(`token endpoint: HTTP ${response.status}`);
      if (response.status !== 200) throw unreachable(`${this.name.host}: token endpoint ${url.origin}${url.pathname}: HTTP ${response.status}`);
      let json: unknown;
      try {
        json = parseUntrustedJson((await readCapped(response, MAX_TOKEN_BYTES, 'token')).toString('utf8'));
      } catch (err) {
        if (err instanceof VerifyError) throw err;
        if (err instanceof SyntaxError) throw unreachable(`${this.name.host}: token endpoint answered no JSON`);
        throw new TransientError(`token endpoint: ${describeFetchFailure(err)}`);
      }
      const parsed = tokenSchema.safeParse(json);
      const token = parsed.success ? (parsed.data.token ?? parsed.data.access_token) : undefined;
      if (token === undefined) throw unreachable(`${this.name.host}: token endpoint answered no token`);
      return token;
    } finally {
      await response.body?.cancel().catch(() => undefined);
    }
  }
}

