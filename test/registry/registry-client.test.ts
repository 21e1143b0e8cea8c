import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VerifyError } from '../../src/errors/index.js';
import { RegistryClient } from '../../src/registry/registry-client.js';
import { parseRegistryName } from '../../src/registry/registry-name.js';
import { asyncCodeOf } from '../support/code-of.js';

const MANIFEST = Buffer.from('{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","layers":[]}');
const DIGEST = `sha256:${createHash('sha256').update(MANIFEST).digest('hex')}`;
const BLOB = Buffer.from('blob bytes');
const BLOB_DIGEST = `sha256:${createHash('sha256').update(BLOB).digest('hex')}`;
const FAST = { timeoutMs: 500, attempts: 2, backoffMs: 10 };

type Handler = (req: IncomingMessage, res: ServerResponse, base: string) => void;

async function listen(handler: Handler): Promise<{ server: Server; base: string }> {
  const server = createServer((req, res) => handler(req, res, base));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  const base = `127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
  return { server, base };
}

describe('RegistryClient', () => {
  const seen: { path: string; authorization: string | undefined }[] = [];
  let registry: { server: Server; base: string };
  let storage: { server: Server; base: string };
  let tokenQueries: URLSearchParams[] = [];

  beforeAll(async () => {
    storage = await listen((req, res) => {
      seen.push({ path: req.url ?? '', authorization: req.headers.authorization });
      res.end(BLOB);
    });
    registry = await listen((req, res, base) => {
      const url = new URL(req.url ?? '/', `http://${base}`);
      seen.push({ path: url.pathname, authorization: req.headers.authorization });
      if (url.pathname === '/token') {
        tokenQueries.push(url.searchParams);
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ token: 'T0KEN' }));
        return;
      }
      if (url.pathname.startsWith('/v2/down/')) {
        res.statusCode = 503;
        res.end();
        return;
      }
      if (url.pathname.startsWith('/v2/hang/')) return; // never answers
      if (req.headers.authorization !== 'Bearer T0KEN') {
        res.statusCode = 401;
        res.setHeader('www-authenticate', `Bearer realm="http://${base}/token",service="stub.test",scope="repository:${url.pathname.split('/')[2]}:pull"`);
        res.end('{"errors":[{"code":"UNAUTHORIZED"}]}');
        return;
      }
      if (url.pathname === `/v2/r/manifests/${DIGEST}`) res.end(MANIFEST);
      else if (url.pathname === `/v2/r/manifests/sha256:${'0'.repeat(64)}`) res.end(MANIFEST); // lies
      else if (url.pathname === `/v2/r/blobs/${BLOB_DIGEST}`) {
        res.statusCode = 307;
        res.setHeader('location', `http://${storage.base}/storage/blob`);
        res.end();
      } else {
        res.statusCode = 404;
        res.end();
      }
    });
  });

  afterAll(() => {
    registry.server.closeAllConnections();
    registry.server.close();
    storage.server.close();
  });

  const client = (repo: string) => new RegistryClient(parseRegistryName(`${registry.base}/${repo}`), FAST);

  it('answers a Bearer challenge at the token endpoint, then retries with the token', async () => {
    tokenQueries = [];
    const got = await client('r').manifest(DIGEST);
    expect(got?.digest).toBe(DIGEST);
    expect(tokenQueries).toHaveLength(1);
    expect(tokenQueries[0]?.get('service')).toBe('stub.test');
    expect(tokenQueries[0]?.getAll('scope')).toEqual(['repository:r:pull']);
  });

  it('a manifest that does not hash to the digest asked is refused', async () => {
    expect(await asyncCodeOf(client('r').manifest(`sha256:${'0'.repeat(64)}`))).toBe('ErrorInvalidFormat');
  });

  it('404 is "none"', async () => {
    expect(await client('r').manifest('sha256-x.att')).toBeUndefined();
  });

  it('follows a blob redirect without sending the token to the other origin', async () => {
    seen.length = 0;
    expect((await client('r').blob({ digest: BLOB_DIGEST, size: BLOB.length })).equals(BLOB)).toBe(true);
    const stored = seen.find((s) => s.path === '/storage/blob');
    expect(stored).toBeDefined();
    expect(stored?.authorization).toBeUndefined();
  });

  it('server errors and timeouts end in ErrorRegistryUnreachable after bounded retries', async () => {
    expect(await asyncCodeOf(client('down').manifest(DIGEST))).toBe('ErrorRegistryUnreachable');
    const started = Date.now();
    expect(await asyncCodeOf(client('hang').manifest(DIGEST))).toBe('ErrorRegistryUnreachable');
    expect(Date.now() - started).toBeLessThan(3_000);
  });
});

describe('parseRegistryName', () => {
  it('splits host and repository as Docker does', () => {
    expect(parseRegistryName('ghcr.io/o/r')).toEqual({ host: 'ghcr.io', repository: 'o/r', baseUrl: 'https://ghcr.io' });
    expect(parseRegistryName('alpine')).toMatchObject({ host: 'registry-1.docker.io', repository: 'library/alpine' });
    expect(parseRegistryName('localhost:5000/a/b:tag')).toEqual({ host: 'localhost:5000', repository: 'a/b', baseUrl: 'http://localhost:5000' });
  });

  it('refuses a malformed name', () => {
    expect(() => parseRegistryName('ghcr.io/O/R')).toThrow(VerifyError);
  });
});
