import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ApiEntry } from './legacy-log.js';

/**
 * A Rekor-v1-API-compatible server on 127.0.0.1 (random port) for tests:
 * entries/retrieve answers proposed entries the way Rekor would (by the hash
 * of what the client proposes), index/retrieve and entries/{uuid} from a
 * table. Hostile behaviours are switches.
 */
export interface RekorScript {
  /** Entries the log holds. */
  entries: ApiEntry[];
  /** Instead of matching: the answer to every entries/retrieve request. */
  retrieveAnswer?: ApiEntry[];
  /** index/retrieve: hash ("sha256:hex") → UUIDs. */
  index?: Record<string, string[]>;
  /** Delay every answer (to trigger client timeouts). */
  delayMs?: number;
  /** Answer 503 to the first N requests. */
  failFirst?: number;
}

export interface RekorServer {
  url: string;
  requests: { method: string; path: string; body: unknown }[];
  close(): Promise<void>;
}

type Proposed = { kind?: string; apiVersion?: string; spec?: Record<string, unknown> };
type Body = { kind: string; apiVersion: string; spec: Record<string, Record<string, unknown> & { value?: string }> };

export async function startRekorServer(script: RekorScript): Promise<RekorServer> {
  const requests: RekorServer['requests'] = [];
  let failures = script.failFirst ?? 0;
  const server: Server = createServer((req, res) => {
    void handle(req, res);
  });
  const sockets = new Set<import('node:net').Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const body: unknown = text ? JSON.parse(text) : undefined;
    const path = req.url ?? '';
    requests.push({ method: req.method ?? '', path, body });
    if (script.delayMs) await new Promise((r) => setTimeout(r, script.delayMs));
    if (res.destroyed) return;
    if (failures > 0) {
      failures--;
      return send(res, 503, { message: 'unavailable' });
    }
    if (req.method === 'POST' && path === '/api/v1/log/entries/retrieve') {
      const proposed = ((body as { entries?: Proposed[] }).entries ?? [])[0] ?? {};
      const found = script.retrieveAnswer ?? script.entries.filter((e) => matches(e, proposed));
      return send(res, 200, found.map((e) => ({ [e.uuid]: e.entry })));
    }
    if (req.method === 'POST' && path === '/api/v1/index/retrieve') {
      const hash = (body as { hash?: string }).hash ?? '';
      return send(res, 200, script.index?.[hash] ?? []);
    }
    const m = /^\/api\/v1\/log\/entries\/([0-9a-f]+)$/.exec(path);
    if (req.method === 'GET' && m) {
      const entry = script.entries.find((e) => e.uuid === m[1]);
      return entry ? send(res, 200, { [entry.uuid]: entry.entry }) : send(res, 404, { code: 404, message: 'not found' });
    }
    send(res, 404, { code: 404, message: 'no such route' });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

function send(res: ServerResponse, status: number, json: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(json));
}

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

/** Rekor finds an entry by canonicalizing the proposal: emulated by the hashes each kind records. */
function matches(stored: ApiEntry, proposed: Proposed): boolean {
  const body = JSON.parse(Buffer.from(stored.entry.body, 'base64').toString('utf8')) as Body;
  if (body.kind !== proposed.kind || body.apiVersion !== proposed.apiVersion) return false;
  const spec = proposed.spec as Record<string, Record<string, unknown>> | undefined;
  if (body.kind === 'intoto' && body.apiVersion === '0.0.1') {
    const envelope = spec?.['content']?.['envelope'];
    return typeof envelope === 'string' && (body.spec['content']?.['hash'] as { value?: string } | undefined)?.value === sha256(envelope);
  }
  if (body.kind === 'intoto' && body.apiVersion === '0.0.2') {
    const wanted = (spec?.['content']?.['payloadHash'] as { value?: string } | undefined)?.value;
    return wanted !== undefined && (body.spec['content']?.['payloadHash'] as { value?: string } | undefined)?.value === wanted;
  }
  if (body.kind === 'dsse') {
    const envelope = spec?.['proposedContent']?.['envelope'];
    return typeof envelope === 'string' && body.spec['envelopeHash']?.value === sha256(envelope);
  }
  return false;
}
