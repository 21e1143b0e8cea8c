import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for a public service, on 127.0.0.1 only, for tests and the
 * bench: routes answer from fixtures, and `hostile` answers replace a route's
 * answer to play a misbehaving server (slow, huge, redirecting, failing).
 */
export interface Answer {
  status: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Wait this long before answering (a slow server). */
  delayMs?: number;
  /** Stream this many bytes of filler instead of `body` (a huge answer). */
  hugeBytes?: number;
}

export type Route = (path: string, request: IncomingMessage) => Answer | undefined;
/** Returns an answer to use instead of the route's, or undefined to answer normally. */
export type Hostile = (path: string, request: IncomingMessage) => Answer | undefined;

export interface LoggedRequest {
  path: string;
  accept: string | undefined;
  authorization: string | undefined;
}

export interface StandIn {
  /** http://127.0.0.1:PORT/ */
  url: string;
  requests: LoggedRequest[];
  /** Replaced by a test to turn the server hostile; cleared with undefined. */
  hostile: Hostile | undefined;
  close(): Promise<void>;
}

export async function startStandIn(route: Route): Promise<StandIn> {
  const standIn: StandIn = { url: '', requests: [], hostile: undefined, close: async () => undefined };
  const server: Server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const path = request.url ?? '/';
    standIn.requests.push({ path, accept: request.headers.accept, authorization: request.headers.authorization });
    const answer = standIn.hostile?.(path, request) ?? route(path, request) ?? { status: 404, body: '{"error":"not found"}' };
    const send = (): void => {
      if (answer.hugeBytes !== undefined) {
        response.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
        const chunk = Buffer.alloc(64 * 1024, 0x20);
        let left = answer.hugeBytes;
        const pump = (): void => {
          while (left > 0) {
            left -= chunk.length;
            if (!response.write(chunk)) return void response.once('drain', pump);
          }
          response.end();
        };
        response.on('close', () => (left = 0));
        return pump();
      }
      response.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      response.end(answer.body ?? '');
    };
    if (answer.delayMs !== undefined) {
      const timer = setTimeout(send, answer.delayMs);
      response.on('close', () => clearTimeout(timer));
    } else send();
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  standIn.url = `http://127.0.0.1:${port}/`;
  standIn.close = () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return standIn;
}

export function json(value: unknown, status = 200): Answer {
  return { status, body: JSON.stringify(value) };
}
