import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A scripted HTTP server on 127.0.0.1 (random port) for hostile-network tests:
 * the handler decides every answer; every request is recorded, with the
 * Authorization header it carried.
 */
export interface HostileServer {
  /** 127.0.0.1:port */
  host: string;
  url: string;
  requests: { method: string; path: string; authorization: string | undefined }[];
  close(): Promise<void>;
}

export type Handler = (req: IncomingMessage, res: ServerResponse, self: HostileServer) => void | Promise<void>;

export async function startHostileServer(handler: Handler): Promise<HostileServer> {
  const server: Server = createServer((req, res) => {
    self.requests.push({ method: req.method ?? '', path: req.url ?? '', authorization: req.headers.authorization });
    void Promise.resolve(handler(req, res, self)).catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const self: HostileServer = {
    host: `127.0.0.1:${port}`,
    url: `http://127.0.0.1:${port}`,
    requests: [],
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return self;
}

/**
 * A fetch that serves `https://NAME/...` from local plain-HTTP servers, so a
 * test can stand a 127.0.0.1 server in for a remote https registry, token
 * endpoint or blob store. Every other URL goes to the real network stack
 * (tests only ever point it at 127.0.0.1).
 */
export function fetchWithHttpsNames(names: Record<string, HostileServer>): typeof fetch {
  return (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const server = url.protocol === 'https:' ? names[url.host] : undefined;
    if (server === undefined) return fetch(url, init);
    return fetch(`${server.url}${url.pathname}${url.search}`, init);
  };
}

export function send(res: ServerResponse, status: number, body: string | Buffer = '', headers: Record<string, string> = {}): void {
  res.writeHead(status, headers);
  res.end(body);
}

export function redirect(res: ServerResponse, location: string, status = 307): void {
  send(res, status, '', { location });
}
