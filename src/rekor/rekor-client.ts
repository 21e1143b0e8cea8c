import type * as z from 'zod';
import { VerifyError } from '../errors/index.js';
import {
  leafHashOf,
  logEntrySchema,
  searchIndexAnswerSchema,
  searchLogQueryAnswerSchema,
  type RekorEntry,
} from './rekor-api.js';
import type { ProposedEntry } from './proposed-entries.js';
import { parseRekorUrl } from './rekor-url.js';
import { parseUntrustedJson } from '../files/untrusted-json.js';

export interface RekorClientOptions {
  /** e.g. https://rekor.sigstore.dev (a path prefix is kept). */
  baseUrl: string;
  /** Per request, including reading the answer. */
  timeoutMs: number;
  /** Tries per request (1 = no retry). */
  attempts: number;
  /** Wait before the second try; doubled for each further try. */
  backoffMs: number;
}

export const DEFAULT_CLIENT_OPTIONS: Omit<RekorClientOptions, 'baseUrl'> = { timeoutMs: 10_000, attempts: 3, backoffMs: 500 };

/** Real answers are kilobytes; a bigger one is a failing or hostile log. */
const MAX_ANSWER_BYTES = 8 * 1024 * 1024;

/** Redirects followed per request, all on the log's own origin. */
const MAX_REDIRECTS = 3;

/**
 * Per call, the statuses that mean "the log has nothing for this question"
 * (Rekor's own answers) rather than "the log could not be asked". Rekor
 * answers a search with 200 and a list, empty when nothing matches, and
 * 400/422 for a proposed entry it cannot canonicalize; only a lookup by UUID
 * answers 404. A 404 anywhere else means the URL is not a Rekor log.
 */
type NotFound = ReadonlySet<number>;
const RETRIEVE_NOT_FOUND: NotFound = new Set([400, 422]);
const INDEX_NOT_FOUND: NotFound = new Set();
const ENTRY_NOT_FOUND: NotFound = new Set([404]);

type Answer = { found: false } | { found: true; json: unknown };

/** A retryable failure (network, timeout, 5xx, 429). */
class TransientError extends Error {}

/**
 * The three Rekor v1 calls a legacy-provenance lookup needs. It only fetches:
 * nothing it returns is trusted before the entry is verified locally. Every
 * way of not getting an answer ends in ErrorRekorUnreachable (exit 4), so that
 * "could not ask" is never confused with "not verified".
 */
export class RekorClient {
  private readonly base: string;

  private readonly origin: string;

  constructor(private readonly options: RekorClientOptions) {
    const url = parseRekorUrl(options.baseUrl);
    this.origin = url.origin;
    this.base = `${url.origin}${url.pathname}`.replace(/\/+$/, '');
  }

  get baseUrl(): string {
    return this.base;
  }

  entryUrl(uuid: string): string {
    return `${this.base}/api/v1/log/entries/${uuid}`;
  }

  /** `POST /api/v1/log/entries/retrieve` with one proposed entry (one per request: Rekor rejects a whole query for one invalid entry). */
  async retrieveByProposedEntry(proposed: ProposedEntry): Promise<RekorEntry[]> {
    const answer = await this.request('POST', '/api/v1/log/entries/retrieve', RETRIEVE_NOT_FOUND, { entries: [proposed] });
    if (!answer.found) return [];
    return parse(searchLogQueryAnswerSchema, answer.json, 'entries/retrieve').flatMap((map) =>
      Object.entries(map).map(([uuid, entry]) => ({ uuid, entry })),
    );
  }

  /** `POST /api/v1/index/retrieve` by a SHA-256 digest: UUIDs of entries indexed under it. */
  async searchIndexBySha256(hex: string): Promise<string[]> {
    const answer = await this.request('POST', '/api/v1/index/retrieve', INDEX_NOT_FOUND, { hash: `sha256:${hex.toLowerCase()}` });
    if (!answer.found) return [];
    return parse(searchIndexAnswerSchema, answer.json, 'index/retrieve');
  }

  /** `GET /api/v1/log/entries/{uuid}`; the answer must be filed under the UUID asked for. */
  async getEntry(uuid: string): Promise<RekorEntry | undefined> {
    const answer = await this.request('GET', `/api/v1/log/entries/${encodeURIComponent(uuid)}`, ENTRY_NOT_FOUND);
    if (!answer.found) return undefined;
    const entries = Object.entries(parse(logEntrySchema, answer.json, 'entries/{uuid}'));
    const [first] = entries;
    if (entries.length !== 1 || !first || leafHashOf(first[0]) !== leafHashOf(uuid)) {
      throw new VerifyError('ErrorRekorUnreachable', `${this.base}: the answer for entry ${uuid} is not that entry`);
    }
    return { uuid: first[0], entry: first[1] };
  }

  private async request(method: 'GET' | 'POST', path: string, notFound: NotFound, body?: unknown): Promise<Answer> {
    const url = `${this.base}${path}`;
    let last = 'no attempt made';
    for (let attempt = 0; attempt < Math.max(1, this.options.attempts); attempt++) {
      if (attempt > 0) await sleep(this.options.backoffMs * 2 ** (attempt - 1));
      try {
        return await this.once(method, url, notFound, body);
      } catch (err) {
        if (!(err instanceof TransientError)) throw err;
        last = err.message;
      }
    }
    throw new VerifyError('ErrorRekorUnreachable', `${method} ${url}: ${last} (after ${this.options.attempts} tries)`);
  }

  private async once(method: 'GET' | 'POST', url: string, notFound: NotFound, body: unknown): Promise<Answer> {
    const signal = AbortSignal.timeout(this.options.timeoutMs);
    const response = await this.follow(method, url, body, signal);
    try {
      if (response.status >= 500 || response.status === 429) throw new TransientError(`HTTP ${response.status}`);
      if (notFound.has(response.status)) return { found: false };
      if (response.status === 404) throw new VerifyError('ErrorRekorUnreachable', `${method} ${url}: HTTP 404: not a Rekor log`);
      if (response.status !== 200 && response.status !== 201) {
        throw new VerifyError('ErrorRekorUnreachable', `${method} ${url}: unexpected HTTP ${response.status}`);
      }
      let text: string;
      try {
        text = await readCapped(response);
      } catch (err) {
        if (err instanceof VerifyError) throw err;
        throw new TransientError(describeFetchError(err, this.options.timeoutMs));
      }
      try {
        return { found: true, json: parseUntrustedJson(text) };
      } catch {
        throw new VerifyError('ErrorRekorUnreachable', `${method} ${url}: the answer is not JSON`);
      }
    } finally {
      await response.body?.cancel().catch(() => undefined);
    }
  }

  /**
   * One request, redirects followed by hand: at most MAX_REDIRECTS, and only
   * on the log's own origin (a lookup stays on the log it was pointed at). A
   * POST keeps its method and body only through 307/308; a 301/302/303 would
   * turn it into a GET, which is not the question asked.
   */
  private async follow(method: 'GET' | 'POST', start: string, body: unknown, signal: AbortSignal): Promise<Response> {
    let url = new URL(start);
    for (let hop = 0; ; hop++) {
      let response: Response;
      try {
        response = await fetch(url, {
          method,
          signal,
          redirect: 'manual',
          headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
      } catch (err) {
        throw new TransientError(describeFetchError(err, this.options.timeoutMs));
      }
      const location = response.headers.get('location');
      if (![301, 302, 303, 307, 308].includes(response.status) || location === null) return response;
      await response.body?.cancel().catch(() => undefined);
      const refuse = (why: string): VerifyError => new VerifyError('ErrorRekorUnreachable', `${method} ${start}: refusing a redirect (HTTP ${response.status}): ${why}`);
      if (hop >= MAX_REDIRECTS) throw refuse(`more than ${MAX_REDIRECTS} redirects`);
      if (method === 'POST' && response.status !== 307 && response.status !== 308) throw refuse('it would turn the POST into a GET');
      let next: URL;
      try {
        next = new URL(location, url);
      } catch {
        throw refuse('a malformed location');
      }
      if (next.origin !== this.origin || next.username !== '' || next.password !== '') throw refuse(`to ${next.protocol}//${next.host}, away from the log`);
      url = next;
    }
  }
}

async function readCapped(response: Response): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? '0');
  if (declared > MAX_ANSWER_BYTES) throw new VerifyError('ErrorRekorUnreachable', `answer larger than ${MAX_ANSWER_BYTES} bytes`);
  if (!response.body) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body) {
    size += chunk.byteLength;
    if (size > MAX_ANSWER_BYTES) throw new VerifyError('ErrorRekorUnreachable', `answer larger than ${MAX_ANSWER_BYTES} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parse<T extends z.ZodType>(schema: T, json: unknown, what: string): z.infer<T> {
  const result = schema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue?.path.map(String).join('.') ?? '';
    throw new VerifyError('ErrorRekorUnreachable', `malformed ${what} answer${where ? ` at ${where}` : ''}: ${issue?.message ?? 'bad shape'}`);
  }
  return result.data;
}

function describeFetchError(err: unknown, timeoutMs: number): string {
  if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) return `no answer within ${timeoutMs} ms`;
  const cause = err instanceof Error && err.cause instanceof Error ? err.cause : undefined;
  const code = cause && 'code' in cause ? String(cause.code) : undefined;
  return code ?? cause?.message ?? (err instanceof Error ? err.message : String(err));
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
