import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { RekorClient } from '../../src/rekor/rekor-client.js';
import { buildLegacyLog } from './legacy-log.js';
import { startRekorServer } from './rekor-server.js';
import { asyncCodeOf } from '../support/code-of.js';

const log = buildLegacyLog();
const FAST = { timeoutMs: 200, attempts: 2, backoffMs: 10 };

async function withRawServer(listener: RequestListener, run: (url: string) => Promise<void>): Promise<void> {
  const server = createServer(listener);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    await run(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  } finally {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
}

describe.concurrent('RekorClient', () => {
  it('times out on a slow log: ErrorRekorUnreachable, bounded in time', async () => {
    const server = await startRekorServer({ entries: [log.intotoV001], delayMs: 5_000 });
    try {
      const started = Date.now();
      const client = new RekorClient({ baseUrl: server.url, ...FAST });
      expect(await asyncCodeOf(client.getEntry(log.intotoV001.uuid))).toBe('ErrorRekorUnreachable');
      expect(Date.now() - started).toBeLessThan(2_000);
      expect(server.requests).toHaveLength(2);
    } finally {
      await server.close();
    }
  });

  it('reads an entry by UUID and a search by hash', async () => {
    const server = await startRekorServer({ entries: [log.dsse], index: { 'sha256:ab': [log.dsse.uuid] } });
    try {
      const client = new RekorClient({ baseUrl: `${server.url}/`, ...FAST });
      expect((await client.getEntry(log.dsse.uuid))?.entry.logIndex).toBe(log.dsse.entry.logIndex);
      expect(await client.getEntry(log.intotoV001.uuid)).toBeUndefined();
      expect(await client.searchIndexBySha256('AB')).toEqual([log.dsse.uuid]);
      expect(client.entryUrl('x')).toBe(`${server.url}/api/v1/log/entries/x`);
    } finally {
      await server.close();
    }
  });

  it('refuses an answer filed under another UUID', async () => {
    await withRawServer(
      (_req, res) => res.end(JSON.stringify({ [log.dsse.uuid]: log.dsse.entry })),
      async (url) => {
        const client = new RekorClient({ baseUrl: url, ...FAST });
        expect(await asyncCodeOf(client.getEntry(log.intotoV001.uuid))).toBe('ErrorRekorUnreachable');
      },
    );
  });

  for (const [name, body] of [
    ['not JSON', 'hello'],
    ['a wrong shape', JSON.stringify([{ nope: { body: 1 } }])],
    ['a non-hex log id', JSON.stringify([{ [log.dsse.uuid]: { ...log.dsse.entry, logID: 'zz' } }])],
  ] as const) {
    it(`treats ${name} as a failing log (ErrorRekorUnreachable)`, async () => {
      await withRawServer(
        (_req, res) => res.end(body),
        async (url) => {
          const client = new RekorClient({ baseUrl: url, ...FAST });
          expect(await asyncCodeOf(client.retrieveByProposedEntry({ apiVersion: '0.0.1', kind: 'intoto', spec: {} }))).toBe('ErrorRekorUnreachable');
        },
      );
    });
  }

  it('treats 400 (a proposal Rekor rejects) as no entry, not as a failure', async () => {
    await withRawServer(
      (_req, res) => {
        res.statusCode = 400;
        res.end('{"code":400,"message":"validation failed"}');
      },
      async (url) => {
        const client = new RekorClient({ baseUrl: url, ...FAST });
        expect(await client.retrieveByProposedEntry({ apiVersion: '0.0.1', kind: 'intoto', spec: {} })).toEqual([]);
      },
    );
  });

  it('does not follow redirects away from the log', async () => {
    await withRawServer(
      (_req, res) => {
        res.writeHead(302, { location: 'http://example.invalid/' });
        res.end();
      },
      async (url) => {
        const client = new RekorClient({ baseUrl: url, ...FAST });
        expect(await asyncCodeOf(client.searchIndexBySha256('ab'))).toBe('ErrorRekorUnreachable');
      },
    );
  });
});
