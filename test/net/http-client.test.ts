import { afterEach, describe, expect, it } from 'vitest';
import { HttpClient } from '../../src/net/http-client.js';
import { fetchableUrl, redirectAllowed } from '../../src/net/origin.js';
import { json, startStandIn, type StandIn } from '../../src/tools/stand-ins/server.js';
import { asyncCodeOf as codeOf } from '../support/code-of.js';

const open: StandIn[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

async function server(route: Parameters<typeof startStandIn>[0]): Promise<StandIn> {
  const s = await startStandIn(route);
  open.push(s);
  return s;
}

const GET = { accept: 'application/json', maxBytes: 1024 * 1024, what: 'doc' };
const client = (extra: Partial<ConstructorParameters<typeof HttpClient>[0]> = {}) =>
  new HttpClient({ timeoutMs: 300, attempts: 3, backoffMs: 5, concurrency: 16, ...extra });

describe('HttpClient: how hostile answers end', () => {
  it('reads an answer; 404 and 410 are "none"', async () => {
    const s = await server((path) => (path === '/ok' ? json({ a: 1 }) : path === '/gone' ? { status: 410 } : undefined));
    const c = client();
    expect(await c.getJson(`${s.url}ok`, GET)).toEqual({ a: 1 });
    expect(await c.get(`${s.url}missing`, GET)).toBeUndefined();
    expect(await c.get(`${s.url}gone`, GET)).toBeUndefined();
  });

  it('retries 429 and 500 with backoff, then answers', async () => {
    let n = 0;
    const s = await server(() => (++n === 1 ? { status: 429, headers: { 'retry-after': '0' } } : n === 2 ? { status: 500 } : json({ ok: true })));
    expect(await client().getJson(`${s.url}x`, GET)).toEqual({ ok: true });
    expect(s.requests).toHaveLength(3);
  });

  it('gives up on a server that keeps failing: ErrorRegistryUnreachable after a bounded number of tries', async () => {
    const s = await server(() => ({ status: 503 }));
    expect(await codeOf(client().get(`${s.url}x`, GET))).toBe('ErrorRegistryUnreachable');
    expect(s.requests).toHaveLength(3);
  });

  it('times out a slow answer', async () => {
    const s = await server(() => ({ ...json({}), delayMs: 2000 }));
    const started = Date.now();
    expect(await codeOf(client({ attempts: 1 }).get(`${s.url}x`, GET))).toBe('ErrorRegistryUnreachable');
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('refuses a huge answer (declared or streamed past the cap)', async () => {
    const s = await server(() => ({ status: 200, hugeBytes: 8 * 1024 * 1024 }));
    expect(await codeOf(client({ attempts: 1 }).get(`${s.url}x`, GET))).toBe('ErrorRegistryUnreachable');
  });

  it('follows a redirect on loopback, refuses one to plain http elsewhere or to an https host with credentials', async () => {
    const s = await server((path) =>
      path === '/hop' ? { status: 302, headers: { location: '/ok' } }
      : path === '/away' ? { status: 302, headers: { location: 'http://example.invalid/x' } }
      : path === '/creds' ? { status: 302, headers: { location: 'https://user:pw@example.invalid/x' } }
      : path === '/ok' ? json({ ok: 1 }) : undefined);
    const c = client();
    expect(await c.getJson(`${s.url}hop`, GET)).toEqual({ ok: 1 });
    expect(await codeOf(c.get(`${s.url}away`, GET))).toBe('ErrorRegistryUnreachable');
    expect(await codeOf(c.get(`${s.url}creds`, GET))).toBe('ErrorRegistryUnreachable');
  });

  it('sends credentials only where they belong, on every hop', async () => {
    const other = await server(() => json({ other: true }));
    const s = await server((path) => (path === '/to-other' ? { status: 302, headers: { location: `${other.url.replace('127.0.0.1', 'localhost')}x` } } : json({})));
    const c = client({ credentials: (url) => (url.hostname === '127.0.0.1' ? 'Bearer secret' : undefined) });
    await c.get(`${s.url}to-other`, GET);
    expect(s.requests[0]!.authorization).toBe('Bearer secret');
    expect(other.requests[0]!.authorization).toBeUndefined();
  });

  it('a 401 asking for a token is "could not ask" (exit 4), not "not verified"', async () => {
    const s = await server(() => ({ status: 401, headers: { 'www-authenticate': 'Bearer realm="x"' } }));
    expect(await codeOf(client().get(`${s.url}x`, GET))).toBe('ErrorRegistryUnreachable');
    expect(s.requests).toHaveLength(1);
  });

  it('keeps at most `concurrency` requests in flight', async () => {
    let inFlight = 0;
    let peak = 0;
    const s = await server(() => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      setTimeout(() => (inFlight -= 1), 30);
      return { ...json({}), delayMs: 30 };
    });
    const c = client({ concurrency: 4, timeoutMs: 5000 });
    await Promise.all(Array.from({ length: 20 }, (_, i) => c.get(`${s.url}${i}`, GET)));
    expect(peak).toBeLessThanOrEqual(4);
  });
});

describe('origin rules', () => {
  it('https anywhere, http only on loopback, no credentials in URLs', () => {
    expect(fetchableUrl('https://registry.npmjs.org/', 'x').host).toBe('registry.npmjs.org');
    expect(fetchableUrl('http://127.0.0.1:8080/', 'x').port).toBe('8080');
    expect(() => fetchableUrl('http://registry.npmjs.org/', 'x')).toThrow(/not https/);
    expect(() => fetchableUrl('https://u:p@registry.npmjs.org/', 'x')).toThrow(/credentials/);
    expect(() => fetchableUrl('file:///etc/passwd', 'x')).toThrow();
  });

  it('a public server never redirects to this machine', () => {
    expect(redirectAllowed(new URL('https://registry.npmjs.org/'), new URL('http://127.0.0.1/'))).toBe(false);
    expect(redirectAllowed(new URL('https://registry.npmjs.org/'), new URL('https://127.0.0.1/'))).toBe(false);
    expect(redirectAllowed(new URL('http://127.0.0.1:1/'), new URL('http://localhost:2/'))).toBe(true);
    expect(redirectAllowed(new URL('https://a.example/'), new URL('https://b.example/'))).toBe(true);
    expect(redirectAllowed(new URL('https://a.example/'), new URL('http://b.example/'))).toBe(false);
  });
});
