import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { registryAttestations } from '../../src/registry/registry-attestations.js';
import { RegistryClient, type RegistryClientOptions } from '../../src/registry/registry-client.js';
import { isLoopbackHost } from '../../src/net/origin.js';
import { parseRegistryName, type RegistryName } from '../../src/registry/registry-name.js';
import { fetchWithHttpsNames, redirect, send, startHostileServer, type Handler, type HostileServer } from './hostile-server.js';
import { asyncCodeOf } from '../support/code-of.js';

// A registry answering as an attacker would: every case ends in a clear
// failure, bounded in time and size, and nothing of ours leaves its origin.

// Timeouts long enough not to fire on a loaded machine; the slow-answer tests set their own short one.
const FAST = { timeoutMs: 3_000, attempts: 2, backoffMs: 10 };
const SHORT_TIMEOUT = { timeoutMs: 300 };
const MANIFEST = Buffer.from('{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","layers":[]}');
const sha256 = (b: Buffer | string): string => `sha256:${createHash('sha256').update(b).digest('hex')}`;
const DIGEST = sha256(MANIFEST);
const BLOB = Buffer.from('blob bytes');
const BLOB_DIGEST = sha256(BLOB);

const servers: HostileServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
async function serve(handler: Handler): Promise<HostileServer> {
  const s = await startHostileServer(handler);
  servers.push(s);
  return s;
}

/** A server that must never be reached. */
const trap = (): Promise<HostileServer> => serve((_req, res) => send(res, 200, BLOB));

const REMOTE: RegistryName = { host: 'registry.test', repository: 'r', baseUrl: 'https://registry.test' };

/** A client of https://registry.test/r served by `registry` (and other https names as given). */
function remoteClient(registry: HostileServer, others: Record<string, HostileServer> = {}, options: Partial<RegistryClientOptions> = {}): RegistryClient {
  return new RegistryClient(REMOTE, { ...FAST, ...options, fetch: fetchWithHttpsNames({ 'registry.test': registry, ...others }) });
}

const loopbackClient = (registry: HostileServer, options: Partial<RegistryClientOptions> = {}): RegistryClient =>
  new RegistryClient(parseRegistryName(`${registry.host}/r`), { ...FAST, ...options });

describe('a remote (https) registry may not send us to plain HTTP or loopback', () => {
  it('a redirect to plain-HTTP loopback is refused (ErrorRegistryUnreachable), the target never asked', async () => {
    const target = await trap();
    const registry = await serve((_req, res) => redirect(res, `${target.url}/blob`));
    expect(await asyncCodeOf(remoteClient(registry).blob({ digest: BLOB_DIGEST, size: BLOB.length }))).toBe('ErrorRegistryUnreachable');
    expect(await asyncCodeOf(remoteClient(registry).manifest(DIGEST))).toBe('ErrorRegistryUnreachable');
    expect(target.requests).toEqual([]);
  });

  it('a redirect to https on a loopback address, or to plain HTTP elsewhere, is refused', async () => {
    const target = await trap();
    for (const location of [`https://${target.host}/blob`, 'https://[::1]/blob', 'https://localhost/blob', 'http://storage.example/blob', 'ftp://storage.example/blob']) {
      const registry = await serve((_req, res) => redirect(res, location));
      expect(await asyncCodeOf(remoteClient(registry).blob({ digest: BLOB_DIGEST, size: BLOB.length })), location).toBe('ErrorRegistryUnreachable');
    }
    expect(target.requests).toEqual([]);
  });

  it('a token realm on plain HTTP (loopback or not) is refused before it is asked', async () => {
    const target = await trap();
    for (const realm of [`${target.url}/token`, 'http://auth.example/token']) {
      const registry = await serve((_req, res) => send(res, 401, '', { 'www-authenticate': `Bearer realm="${realm}",service="s"` }));
      expect(await asyncCodeOf(remoteClient(registry).manifest(DIGEST)), realm).toBe('ErrorRegistryUnreachable');
    }
    expect(target.requests).toEqual([]);
  });

  it('a token endpoint that redirects to plain-HTTP loopback is refused', async () => {
    const target = await trap();
    const auth = await serve((_req, res) => redirect(res, `${target.url}/token`));
    const registry = await serve((_req, res) => send(res, 401, '', { 'www-authenticate': 'Bearer realm="https://auth.test/token"' }));
    expect(await asyncCodeOf(remoteClient(registry, { 'auth.test': auth }).manifest(DIGEST))).toBe('ErrorRegistryUnreachable');
    expect(auth.requests).toHaveLength(1); // a refusal is not retried
    expect(target.requests).toEqual([]);
  });

  it('the token goes to the registry origin only: never to the token endpoint, blob storage or a redirect target', async () => {
    const storage = await serve((_req, res) => send(res, 200, BLOB));
    const auth = await serve((_req, res) => send(res, 200, JSON.stringify({ token: 'S3CRET' }), { 'content-type': 'application/json' }));
    const registry = await serve((req, res) => {
      if (req.headers.authorization !== 'Bearer S3CRET') return send(res, 401, '', { 'www-authenticate': 'Bearer realm="https://auth.test/token",service="registry.test"' });
      if (req.url === `/v2/r/manifests/${DIGEST}`) return send(res, 200, MANIFEST);
      return redirect(res, 'https://storage.test/blob?sig=1');
    });
    const client = remoteClient(registry, { 'auth.test': auth, 'storage.test': storage });
    expect((await client.manifest(DIGEST))?.digest).toBe(DIGEST);
    expect((await client.blob({ digest: BLOB_DIGEST, size: BLOB.length })).equals(BLOB)).toBe(true);
    expect(registry.requests.filter((r) => r.authorization === 'Bearer S3CRET').length).toBeGreaterThan(0);
    expect(auth.requests.map((r) => r.authorization)).toEqual([undefined]);
    expect(storage.requests.map((r) => r.authorization)).toEqual([undefined]);
  });

  it('credentials in a redirect URL, or a malformed location, are refused (no crash)', async () => {
    for (const location of ['https://user:pass@storage.test/blob', 'https://[::1', 'http://']) {
      const registry = await serve((_req, res) => redirect(res, location));
      expect(await asyncCodeOf(remoteClient(registry).blob({ digest: BLOB_DIGEST, size: BLOB.length })), location).toBe('ErrorRegistryUnreachable');
    }
  });
});

describe('a loopback (plain HTTP) registry', () => {
  it('may redirect to another loopback server, never to a remote plain-HTTP one', async () => {
    const storage = await serve((_req, res) => send(res, 200, BLOB));
    const good = await serve((_req, res) => redirect(res, `${storage.url}/blob`));
    expect((await loopbackClient(good).blob({ digest: BLOB_DIGEST, size: BLOB.length })).equals(BLOB)).toBe(true);
    const bad = await serve((_req, res) => redirect(res, 'http://storage.example/blob'));
    expect(await asyncCodeOf(loopbackClient(bad).blob({ digest: BLOB_DIGEST, size: BLOB.length }))).toBe('ErrorRegistryUnreachable');
  });

  it('redirect loops are capped (at most 6 requests per try)', async () => {
    const registry = await serve((req, res) => redirect(res, req.url ?? '/'));
    expect(await asyncCodeOf(loopbackClient(registry, { attempts: 1 }).manifest(DIGEST))).toBe('ErrorRegistryUnreachable');
    expect(registry.requests.length).toBe(6);
    const pingPong: HostileServer[] = [];
    pingPong.push(await serve((req, res) => redirect(res, `${pingPong[1]!.url}${req.url ?? '/'}`)));
    pingPong.push(await serve((req, res) => redirect(res, `${pingPong[0]!.url}${req.url ?? '/'}`)));
    expect(await asyncCodeOf(loopbackClient(pingPong[0]!, { attempts: 1 }).manifest(DIGEST))).toBe('ErrorRegistryUnreachable');
    expect(pingPong[0]!.requests.length + pingPong[1]!.requests.length).toBe(6);
  });

  it('a token endpoint redirect loop is capped too', async () => {
    const registry = await serve((req, res) => {
      if (req.url?.startsWith('/token')) return redirect(res, req.url);
      return send(res, 401, '', { 'www-authenticate': `Bearer realm="http://${req.headers.host ?? ''}/token"` });
    });
    expect(await asyncCodeOf(loopbackClient(registry, { attempts: 1 }).manifest(DIGEST))).toBe('ErrorRegistryUnreachable');
    expect(registry.requests.filter((r) => r.path.startsWith('/token')).length).toBe(6);
  });

  it('slow headers and a trickling body end within the timeout (ErrorRegistryUnreachable)', async () => {
    const silent = await serve(() => undefined);
    const trickle = await serve((_req, res) => {
      res.writeHead(200, { 'content-length': String(MANIFEST.length) });
      res.write(MANIFEST.subarray(0, 5));
    });
    for (const registry of [silent, trickle]) {
      const started = Date.now();
      expect(await asyncCodeOf(loopbackClient(registry, SHORT_TIMEOUT).manifest(DIGEST))).toBe('ErrorRegistryUnreachable');
      expect(Date.now() - started).toBeLessThan(FAST.attempts * SHORT_TIMEOUT.timeoutMs + 1_500);
    }
  });

  it('huge answers are cut at the cap: declared or streamed (ErrorRegistryUnreachable)', async () => {
    const declared = await serve((_req, res) => {
      res.writeHead(200, { 'content-length': String(5 * 1024 * 1024) });
      res.write(Buffer.alloc(1024));
    });
    const streamed = await serve(async (_req, res) => {
      res.writeHead(200);
      const chunk = Buffer.alloc(256 * 1024, 0x20);
      for (let i = 0; i < 40 && !res.destroyed; i++) await new Promise<void>((r) => res.write(chunk, () => r()));
      res.end();
    });
    for (const registry of [declared, streamed]) {
      expect(await asyncCodeOf(loopbackClient(registry).manifest(DIGEST))).toBe('ErrorRegistryUnreachable');
    }
    // A blob longer than its descriptor says is cut at the descriptor's size.
    const longBlob = await serve((_req, res) => send(res, 200, Buffer.concat([BLOB, Buffer.alloc(100)])));
    expect(await asyncCodeOf(loopbackClient(longBlob).blob({ digest: BLOB_DIGEST, size: BLOB.length }))).toBe('ErrorRegistryUnreachable');
  });

  it('a truncated answer is retried, then ErrorRegistryUnreachable', async () => {
    const registry = await serve((req, res) => {
      res.writeHead(200, { 'content-length': String(MANIFEST.length) });
      res.write(MANIFEST.subarray(0, 10));
      req.socket.destroy();
    });
    expect(await asyncCodeOf(loopbackClient(registry).manifest(DIGEST))).toBe('ErrorRegistryUnreachable');
    expect(registry.requests).toHaveLength(FAST.attempts);
  });

  it('404 is "none"; 403, 429 and 5xx are "could not ask", 429/5xx after bounded retries', async () => {
    expect(await loopbackClient(await serve((_req, res) => send(res, 404))).manifest(DIGEST)).toBeUndefined();
    for (const status of [403, 429, 500, 502, 503]) {
      const registry = await serve((_req, res) => send(res, status));
      expect(await asyncCodeOf(loopbackClient(registry).manifest(DIGEST)), String(status)).toBe('ErrorRegistryUnreachable');
      expect(registry.requests.length).toBe(status === 403 ? 1 : FAST.attempts);
    }
    // 404 for a blob the manifest lists: the image is incomplete.
    const missing = await serve((_req, res) => send(res, 404));
    expect(await asyncCodeOf(loopbackClient(missing).blob({ digest: BLOB_DIGEST, size: BLOB.length }))).toBe('ErrorInvalidFormat');
  });

  it('wrong content types do not matter: the bytes are checked against the digest asked', async () => {
    const html = await serve((_req, res) => send(res, 200, MANIFEST, { 'content-type': 'text/html' }));
    expect((await loopbackClient(html).manifest(DIGEST))?.digest).toBe(DIGEST);
    const page = await serve((_req, res) => send(res, 200, '<html>sign in</html>', { 'content-type': 'application/vnd.oci.image.manifest.v1+json' }));
    expect(await asyncCodeOf(loopbackClient(page).manifest(DIGEST))).toBe('ErrorInvalidFormat');
    const tokenPage = await serve((req, res) => {
      if (req.url?.startsWith('/token')) return send(res, 200, '<html>', { 'content-type': 'text/html' });
      return send(res, 401, '', { 'www-authenticate': `Bearer realm="http://${req.headers.host ?? ''}/token"` });
    });
    expect(await asyncCodeOf(loopbackClient(tokenPage).manifest(DIGEST))).toBe('ErrorRegistryUnreachable');
  });

  it('a valid answer for another digest is refused (ErrorInvalidFormat)', async () => {
    const other = Buffer.from('{"schemaVersion":2,"layers":[]}');
    const registry = await serve((req, res) => send(res, 200, req.url?.includes('/blobs/') ? Buffer.from('other blob') : other));
    expect(await asyncCodeOf(loopbackClient(registry).manifest(DIGEST))).toBe('ErrorInvalidFormat');
    expect(await asyncCodeOf(loopbackClient(registry).blob({ digest: BLOB_DIGEST, size: 'other blob'.length }))).toBe('ErrorInvalidFormat');
  });
});

describe('registryAttestations on a hostile registry', () => {
  const IMAGE = Buffer.from('{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"x","digest":"sha256:00","size":0},"layers":[]}');
  const IMAGE_HEX = sha256(IMAGE).slice(7);

  function registryWith(routes: Record<string, Buffer>): Promise<HostileServer> {
    return serve((req, res) => {
      const body = routes[new URL(req.url ?? '/', 'http://x').pathname];
      return body === undefined ? send(res, 404) : send(res, 200, body);
    });
  }

  it('more than 64 referrers, or an attestation manifest with more than 64 layers, is refused', async () => {
    const descriptor = (n: number) => ({ mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: sha256(String(n)), size: 1 });
    const index = Buffer.from(JSON.stringify({ schemaVersion: 2, manifests: Array.from({ length: 65 }, (_, i) => descriptor(i)) }));
    const many = await registryWith({ [`/v2/r/manifests/sha256:${IMAGE_HEX}`]: IMAGE, [`/v2/r/referrers/sha256:${IMAGE_HEX}`]: index });
    expect(await asyncCodeOf(registryAttestations(`${many.host}/r`, IMAGE_HEX, undefined, FAST))).toBe('ErrorInvalidFormat');
    const layers = Array.from({ length: 65 }, (_, i) => ({ mediaType: 'application/vnd.dsse.envelope.v1+json', digest: sha256(String(i)), size: 1 }));
    const att = Buffer.from(JSON.stringify({ schemaVersion: 2, layers }));
    const deep = await registryWith({ [`/v2/r/manifests/sha256:${IMAGE_HEX}`]: IMAGE, [`/v2/r/manifests/sha256-${IMAGE_HEX}.att`]: att });
    expect(await asyncCodeOf(registryAttestations(`${deep.host}/r`, IMAGE_HEX, undefined, FAST))).toBe('ErrorInvalidFormat');
  });

  it('a referrer whose manifest names another image is not believed (nothing found)', async () => {
    const referrer = Buffer.from(JSON.stringify({
      schemaVersion: 2,
      subject: { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: sha256('another image'), size: 13 },
      layers: [{ mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json', digest: BLOB_DIGEST, size: BLOB.length }],
    }));
    const index = Buffer.from(JSON.stringify({ schemaVersion: 2, manifests: [{ mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: sha256(referrer), size: referrer.length }] }));
    const registry = await registryWith({
      [`/v2/r/manifests/sha256:${IMAGE_HEX}`]: IMAGE,
      [`/v2/r/referrers/sha256:${IMAGE_HEX}`]: index,
      [`/v2/r/manifests/${sha256(referrer)}`]: referrer,
      [`/v2/r/blobs/${BLOB_DIGEST}`]: BLOB,
    });
    expect(await registryAttestations(`${registry.host}/r`, IMAGE_HEX, undefined, FAST)).toEqual([]);
  });

  it('an image the registry does not hold fails (ErrorImageHash); one it answers with other bytes fails (ErrorInvalidFormat)', async () => {
    const none = await registryWith({});
    expect(await asyncCodeOf(registryAttestations(`${none.host}/r`, IMAGE_HEX, undefined, FAST))).toBe('ErrorImageHash');
    const liar = await serve((_req, res) => send(res, 200, MANIFEST));
    expect(await asyncCodeOf(registryAttestations(`${liar.host}/r`, IMAGE_HEX, undefined, FAST))).toBe('ErrorInvalidFormat');
  });
});

describe('isLoopbackHost', () => {
  it.each([
    ['localhost', true], ['LOCALHOST', true], ['a.localhost', true], ['localhost.', true], ['127.0.0.1', true], ['127.255.0.9', true],
    ['[::1]', true], ['::1', true], ['[::]', true], ['0.0.0.0', true], ['[::ffff:7f00:1]', true], ['[::ffff:0:0]', true],
    ['example.com', false], ['localhost.example.com', false], ['128.0.0.1', false], ['[::ffff:808:808]', false], ['[::2]', false],
  ])('%s -> %s', (host, loopback) => {
    expect(isLoopbackHost(host)).toBe(loopback);
  });

  it('a remote registry may not redirect to an IPv4-mapped or unspecified loopback address', async () => {
    for (const location of ['https://[::ffff:127.0.0.1]/blob', 'https://0.0.0.0/blob', 'https://[::]/blob', 'https://x.localhost/blob']) {
      const registry = await serve((_req, res) => redirect(res, location));
      expect(await asyncCodeOf(remoteClient(registry).blob({ digest: BLOB_DIGEST, size: BLOB.length })), location).toBe('ErrorRegistryUnreachable');
    }
  });
});
