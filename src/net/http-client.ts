import { VerifyError } from '../errors/index.js';
import { fetchableUrl, redirectAllowed } from './origin.js';
import { parseUntrustedJson } from '../files/untrusted-json.js';
import { describeFetchFailure } from './fetch-failure.js';

/**
 * The one HTTP client of the package-evidence commands (npm registry, Python
 * package index). Everything it returns is hostile bytes for the verification
 * stages to judge; it only guarantees how they were obtained: https (http on
 * loopback), redirects only to https (loopback from loopback), a timeout per
 * try, a size cap, bounded concurrency, retries with backoff on 429/5xx and
 * network failures, and credentials only where `credentials` says they
 * belong. Every way of not getting an answer is ErrorRegistryUnreachable
 * (exit 4, "could not ask"); 404/410 is an answer: "none".
 */
export interface HttpClientOptions {
  timeoutMs: number;
  /** Tries per request (1 = no retry). */
  attempts: number;
  backoffMs: number;
  /** Requests in flight at once. */
  concurrency: number;
  /** The Authorization header for a URL, or undefined: asked on every hop, so a redirect elsewhere carries none. */
  credentials?: (url: URL) => string | undefined;
  fetch?: typeof globalThis.fetch;
}

export const DEFAULT_HTTP_OPTIONS: HttpClientOptions = { timeoutMs: 15_000, attempts: 4, backoffMs: 250, concurrency: 16 };

export interface GetOptions {
  accept: string;
  maxBytes: number;
  /** What is fetched, for messages ("attestations of left-pad@1.3.0"). */
  what: string;
}

const MAX_REDIRECTS = 5;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/** A Retry-After longer than this is not waited for: the run would look hung. */
const MAX_RETRY_AFTER_MS = 5_000;

class TransientError extends Error {
  constructor(message: string, readonly retryAfterMs?: number) {
    super(message);
  }
}

export function unreachable(detail: string, cause?: unknown): VerifyError {
  return new VerifyError('ErrorRegistryUnreachable', detail, { cause });
}

export class HttpClient {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  /** Requests sent (each try and hop), for the run's summary and the tests' bounds. */
  requests = 0;

  constructor(private readonly options: HttpClientOptions = DEFAULT_HTTP_OPTIONS) {}

  /** GET a URL; undefined when the server says it has none (404, 410). */
  async get(raw: string, get: GetOptions): Promise<Buffer | undefined> {
    const url = fetchableUrl(raw, get.what);
    await this.acquire();
    try {
      let last: TransientError | undefined;
      for (let attempt = 0; attempt < this.options.attempts; attempt++) {
        if (attempt > 0) await sleep(last?.retryAfterMs ?? this.options.backoffMs * 2 ** (attempt - 1));
        try {
          return await this.once(url, get);
        } catch (err) {
          if (!(err instanceof TransientError)) throw err;
          last = err;
        }
      }
      throw unreachable(`${get.what}: ${url.origin}: ${last?.message ?? 'no answer'} (after ${this.options.attempts} tries)`);
    } finally {
      this.release();
    }
  }

  async getJson(raw: string, get: GetOptions): Promise<unknown> {
    const bytes = await this.get(raw, get);
    if (bytes === undefined) return undefined;
    return parseJsonBytes(bytes, get.what);
  }

  private async once(start: URL, get: GetOptions): Promise<Buffer | undefined> {
    const signal = AbortSignal.timeout(this.options.timeoutMs);
    const fetchImpl = this.options.fetch ?? globalThis.fetch;
    let url = start;
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
      const headers: Record<string, string> = { accept: get.accept, 'user-agent': 'slsa-verify' };
      const auth = this.options.credentials?.(url);
      if (auth !== undefined) headers['authorization'] = auth;
      this.requests += 1;
      let response: Response;
      try {
        response = await fetchImpl(url, { headers, redirect: 'manual', signal });
      } catch (err) {
        throw new TransientError(describeFetchFailure(err));
      }
      try {
        const location = response.headers.get('location');
        if (REDIRECTS.has(response.status) && location !== null) {
          let next: URL;
          try {
            next = new URL(location, url);
          } catch {
            throw unreachable(`${get.what}: ${url.origin} redirected to an invalid URL`);
          }
          if (!redirectAllowed(url, next)) throw unreachable(`${get.what}: ${url.origin}: refusing a redirect to ${next.protocol}//${next.host}`);
          url = next;
          continue;
        }
        if (response.status === 404 || response.status === 410) return undefined;
        if (response.status === 401 || response.status === 403) {
          const asked = response.headers.get('www-authenticate') !== null || response.status === 401;
          const sent = auth !== undefined ? 'the configured token was refused' : asked ? 'it asks for credentials and none is configured for it' : 'access denied';
          throw unreachable(`${get.what}: ${url.origin}: HTTP ${response.status}: ${sent}`);
        }
        if (response.status === 429 || response.status >= 500) throw new TransientError(`HTTP ${response.status}`, retryAfter(response));
        if (response.status !== 200) throw unreachable(`${get.what}: ${url.origin}: unexpected HTTP ${response.status}`);
        return await readCapped(response, get.maxBytes, get.what);
      } catch (err) {
        if (err instanceof VerifyError || err instanceof TransientError) throw err;
        throw new TransientError(describeFetchFailure(err));
      } finally {
        await response.body?.cancel().catch(() => undefined);
      }
    }
    throw unreachable(`${get.what}: ${start.origin}: more than ${MAX_REDIRECTS} redirects`);
  }

  private async acquire(): Promise<void> {
    if (this.active < this.options.concurrency) {
      this.active += 1;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.active -= 1;
  }
}

/** JSON from the wire: UTF-8 only, and an error names what was fetched. */
export function parseJsonBytes(bytes: Uint8Array, what: string): unknown {
  try {
    return parseUntrustedJson(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw new VerifyError('ErrorInvalidFormat', `${what}: not JSON`);
  }
}

async function readCapped(response: Response, max: number, what: string): Promise<Buffer> {
  const declared = Number(response.headers.get('content-length') ?? '0');
  // A huge answer is the server's fault, not evidence: it could not be asked properly.
  if (declared > max) throw unreachable(`${what}: the answer is larger than ${max} bytes`);
  const chunks: Buffer[] = [];
  let total = 0;
  if (response.body) {
    for await (const chunk of response.body) {
      total += chunk.length;
      if (total > max) throw unreachable(`${what}: the answer is larger than ${max} bytes`);
      chunks.push(Buffer.from(chunk));
    }
  }
  return Buffer.concat(chunks);
}

function retryAfter(response: Response): number | undefined {
  const value = response.headers.get('retry-after');
  if (value === null || !/^\d+$/.test(value.trim())) return undefined;
  return Math.min(Number(value) * 1000, MAX_RETRY_AFTER_MS);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

