import { existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { RekorClient } from '../../src/rekor/rekor-client.js';
import { parseRekorUrl } from '../../src/rekor/rekor-url.js';
import { runCli, type JsonReport } from '../cli/run-cli.js';
import { redirect, send, startHostileServer, type Handler, type HostileServer } from '../registry/hostile-server.js';
import { buildLegacyLog, ENVELOPE_FILE } from './legacy-log.js';
import { startRekorServer, type RekorServer } from './rekor-server.js';
import { asyncCodeOf } from '../support/code-of.js';

// A Rekor URL answering as an attacker (or a misconfiguration) would. "Not
// found" is only what a Rekor log itself says; anything else that keeps us
// from asking properly is ErrorRekorUnreachable (exit 4); never a pass.

const log = buildLegacyLog();
// Timeouts long enough not to fire on a loaded machine; the slow-answer tests set their own short one.
const FAST = { timeoutMs: 3_000, attempts: 2, backoffMs: 10 };
const SHORT_TIMEOUT = { timeoutMs: 300 };
const PROPOSED = { apiVersion: '0.0.1', kind: 'intoto', spec: {} };
const scratch = mkdtempSync(join(tmpdir(), 'slsa-verify-hostile-rekor-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const servers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
async function serve(handler: Handler): Promise<HostileServer> {
  const s = await startHostileServer(handler);
  servers.push(s);
  return s;
}
async function rekor(...args: Parameters<typeof startRekorServer>): Promise<RekorServer> {
  const s = await startRekorServer(...args);
  servers.push(s);
  return s;
}

const client = (url: string, options: Partial<typeof FAST> = {}): RekorClient => new RekorClient({ baseUrl: url, ...FAST, ...options });

describe('RekorClient against hostile answers', () => {
  it('a 404 from a search means "not a Rekor log" (ErrorRekorUnreachable); only a lookup by UUID may answer 404', async () => {
    const notALog = await serve((_req, res) => send(res, 404, '<html>Not Found</html>', { 'content-type': 'text/html' }));
    expect(await asyncCodeOf(client(notALog.url).retrieveByProposedEntry(PROPOSED))).toBe('ErrorRekorUnreachable');
    expect(await asyncCodeOf(client(notALog.url).searchIndexBySha256('ab'))).toBe('ErrorRekorUnreachable');
    expect(await client(notALog.url).getEntry(log.dsse.uuid)).toBeUndefined();
  });

  it('a search answered 400/422 by the index is not "none" either', async () => {
    for (const status of [400, 422, 418]) {
      const server = await serve((_req, res) => send(res, status, '{}'));
      expect(await asyncCodeOf(client(server.url).searchIndexBySha256('ab')), String(status)).toBe('ErrorRekorUnreachable');
    }
  });

  it('follows a redirect on the log origin (POST only through 307/308), at most 3', async () => {
    const real = await rekor({ entries: [log.dsse], index: { 'sha256:ab': [log.dsse.uuid] } });
    const moved = await serve(async (req, res) => {
      if (req.url?.startsWith('/old/')) return redirect(res, req.url.replace('/old/', '/new/'), req.method === 'POST' ? 308 : 301);
      // /new/... is the real log, served through this origin.
      const upstream = await fetch(`${real.url}${req.url!.replace('/new', '')}`, {
        method: req.method ?? 'GET',
        ...(req.method === 'POST' ? { body: await readBody(req), headers: { 'content-type': 'application/json' } } : {}),
      });
      send(res, upstream.status, Buffer.from(await upstream.arrayBuffer()), { 'content-type': 'application/json' });
    });
    const c = client(`${moved.url}/old`);
    expect(await c.searchIndexBySha256('ab')).toEqual([log.dsse.uuid]);
    expect((await c.getEntry(log.dsse.uuid))?.uuid).toBe(log.dsse.uuid);

    const loop = await serve((req, res) => redirect(res, req.url ?? '/', 307));
    expect(await asyncCodeOf(client(loop.url, { attempts: 1 }).searchIndexBySha256('ab'))).toBe('ErrorRekorUnreachable');
    expect(loop.requests).toHaveLength(4);
  });

  it('a POST redirected by 301/302/303 (it would become a GET) is refused', async () => {
    for (const status of [301, 302, 303]) {
      const server = await serve((req, res) => redirect(res, `/elsewhere${req.url ?? ''}`, status));
      expect(await asyncCodeOf(client(server.url).retrieveByProposedEntry(PROPOSED)), String(status)).toBe('ErrorRekorUnreachable');
      expect(server.requests).toHaveLength(1);
    }
  });

  it('a redirect to another origin (another port, plain HTTP, credentials) is refused; the target never asked', async () => {
    const target = await rekor({ entries: [log.dsse], index: { 'sha256:ab': [log.dsse.uuid] } });
    for (const location of [`${target.url}/api/v1/index/retrieve`, `http://user:pw@${new URL(target.url).host}/api/v1/index/retrieve`, 'http://example.invalid/', 'http://[::1']) {
      const server = await serve((_req, res) => redirect(res, location, 307));
      expect(await asyncCodeOf(client(server.url).searchIndexBySha256('ab')), location).toBe('ErrorRekorUnreachable');
    }
    expect(target.requests).toEqual([]);
  });

  it('slow headers and a trickling body end within the timeout', async () => {
    const silent = await serve(() => undefined);
    const trickle = await serve((_req, res) => {
      res.writeHead(200, { 'content-length': '1000' });
      res.write('[');
    });
    for (const server of [silent, trickle]) {
      const started = Date.now();
      expect(await asyncCodeOf(client(server.url, SHORT_TIMEOUT).searchIndexBySha256('ab'))).toBe('ErrorRekorUnreachable');
      expect(Date.now() - started).toBeLessThan(FAST.attempts * SHORT_TIMEOUT.timeoutMs + 1_500);
    }
  });

  it('a huge answer is cut at the cap, declared or streamed', async () => {
    const declared = await serve((_req, res) => {
      res.writeHead(200, { 'content-length': String(9 * 1024 * 1024) });
      res.write('[');
    });
    const streamed = await serve(async (_req, res) => {
      res.writeHead(200);
      const chunk = Buffer.alloc(512 * 1024, 0x20);
      for (let i = 0; i < 20 && !res.destroyed; i++) await new Promise<void>((r) => res.write(chunk, () => r()));
      res.end();
    });
    for (const server of [declared, streamed]) expect(await asyncCodeOf(client(server.url).searchIndexBySha256('ab'))).toBe('ErrorRekorUnreachable');
  });

  it('a truncated answer is retried, then ErrorRekorUnreachable', async () => {
    const server = await serve((req, res) => {
      res.writeHead(200, { 'content-length': '100' });
      res.write('["');
      req.socket.destroy();
    });
    expect(await asyncCodeOf(client(server.url).searchIndexBySha256('ab'))).toBe('ErrorRekorUnreachable');
    expect(server.requests).toHaveLength(FAST.attempts);
  });

  it('an HTML page with status 200 (wrong content type) is not an answer', async () => {
    const server = await serve((_req, res) => send(res, 200, '<html>login</html>', { 'content-type': 'text/html' }));
    expect(await asyncCodeOf(client(server.url).retrieveByProposedEntry(PROPOSED))).toBe('ErrorRekorUnreachable');
  });

  it('429 and 5xx are retried a bounded number of times', async () => {
    for (const status of [429, 500, 503]) {
      const server = await serve((_req, res) => send(res, status));
      expect(await asyncCodeOf(client(server.url).getEntry(log.dsse.uuid))).toBe('ErrorRekorUnreachable');
      expect(server.requests).toHaveLength(FAST.attempts);
    }
  });
});

describe('the Rekor URL: https, plain HTTP only to loopback', () => {
  it.each([
    ['http://rekor.example'],
    ['http://10.0.0.1'],
    ['ftp://rekor.example'],
    ['https://user:pw@rekor.example'],
    ['https://rekor.example/?x=1'],
    ['https://rekor.example/#f'],
    ['rekor.sigstore.dev'],
  ])('%s is refused (ErrorUsage)', (url) => {
    expect(() => parseRekorUrl(url)).toThrow(expect.objectContaining({ code: 'ErrorUsage' }) as Error);
    expect(() => client(url)).toThrow(expect.objectContaining({ code: 'ErrorUsage' }) as Error);
  });

  it.each([['https://rekor.sigstore.dev'], ['http://127.0.0.1:3000'], ['http://localhost:3000/prefix/'], ['http://[::1]:3000']])('%s is accepted', (url) => {
    expect(parseRekorUrl(url).href.startsWith(url.replace(/\/$/, ''))).toBe(true);
  });
});

function args(extra: string[]): string[] {
  return [
    'verify-artifact', 'fixtures/artifacts/hello.txt',
    '--provenance-path', ENVELOPE_FILE,
    '--source-uri', 'github.com/slsa-verify-fixtures/hello',
    '--trusted-root', 'fixtures/trusted_root.json',
    '--format', 'json',
    ...extra,
  ];
}

async function verify(extra: string[]): Promise<{ status: number | null; report: JsonReport; stderr: string }> {
  const run = await runCli(args(extra));
  return { status: run.status, report: JSON.parse(run.stdout) as JsonReport, stderr: run.stderr };
}

describe('verify-artifact with a hostile --rekor-url (through the CLI)', () => {
  it('a URL that is not a log (404 everywhere) is exit 4 (ErrorRekorUnreachable), not "no entry matches"', async () => {
    const notALog = await serve((_req, res) => send(res, 404, 'not found'));
    const { status, report } = await verify(['--rekor-url', notALog.url]);
    expect(report.error?.code).toBe('ErrorRekorUnreachable');
    expect(status).toBe(4);
    // Without a certificate in the envelope, the index search says the same.
    const noCert = join(scratch, 'no-cert.intoto.jsonl');
    const parsed = JSON.parse(log.raw) as { signatures: { cert?: string }[] };
    delete parsed.signatures[0]!.cert;
    writeFileSync(noCert, `${JSON.stringify(parsed)}\n`);
    const run = await runCli([...args(['--rekor-url', notALog.url]).map((a) => (a === ENVELOPE_FILE ? noCert : a))]);
    expect(run.status).toBe(4);
    expect((JSON.parse(run.stdout) as JsonReport).error?.code).toBe('ErrorRekorUnreachable');
  });

  it('a log that has no entry for the envelope is still exit 1 (ErrorRekorSearch)', async () => {
    const empty = await rekor({ entries: [] });
    const { status, report } = await verify(['--rekor-url', empty.url]);
    expect(report.error?.code).toBe('ErrorRekorSearch');
    expect(status).toBe(1);
  });

  it('a log that redirects away is exit 4, and the target is never asked', async () => {
    const target = await rekor({ entries: [log.intotoV001] });
    const server = await serve((req, res) => redirect(res, `${target.url}${req.url ?? ''}`, 307));
    const { status, report, stderr } = await verify(['--rekor-url', server.url]);
    expect(report.error?.code).toBe('ErrorRekorUnreachable');
    expect(status).toBe(4);
    expect(target.requests).toEqual([]);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('a plain-HTTP --rekor-url that is not loopback is refused before anything is read (exit 2)', async () => {
    const run = await runCli(args(['--rekor-url', 'http://rekor.example']));
    expect(run.status).toBe(2);
  });
});

describe('--save-bundle writes only for a passing run, atomically', () => {
  it('a failing verification writes nothing and leaves an existing file alone', async () => {
    const server = await rekor({ entries: [log.intotoV001] });
    const saved = join(scratch, 'failing.sigstore.json');
    const { status, report } = await verify(['--rekor-url', server.url, '--save-bundle', saved, '--source-branch', 'not-the-branch']);
    expect(status).toBe(1);
    expect(report.error?.code).toBe('ErrorMismatchBranch');
    expect(existsSync(saved)).toBe(false);
    writeFileSync(saved, 'old');
    await verify(['--rekor-url', server.url, '--save-bundle', saved, '--source-branch', 'not-the-branch']);
    expect(readFileSync(saved, 'utf8')).toBe('old');
  });

  it('a symlink planted at the path is replaced, never written through; no temporary file is left', async () => {
    const server = await rekor({ entries: [log.intotoV001] });
    const dir = mkdtempSync(join(scratch, 'planted-'));
    const victim = join(dir, 'victim');
    writeFileSync(victim, 'precious');
    const saved = join(dir, 'out.sigstore.json');
    symlinkSync(victim, saved);
    const { status } = await verify(['--rekor-url', server.url, '--save-bundle', saved]);
    expect(status).toBe(0);
    expect(readFileSync(victim, 'utf8')).toBe('precious');
    expect(lstatSync(saved).isSymbolicLink()).toBe(false);
    expect((JSON.parse(readFileSync(saved, 'utf8')) as { mediaType: string }).mediaType).toBe('application/vnd.dev.sigstore.bundle.v0.3+json');
    expect(readdirSync(dir).sort()).toEqual(['out.sigstore.json', 'victim']);
  });

  it('a path that cannot be written is exit 2 (ErrorUsage), after the verdict', async () => {
    const server = await rekor({ entries: [log.intotoV001] });
    const { status, report } = await verify(['--rekor-url', server.url, '--save-bundle', join(scratch, 'no-such-dir', 'b.json')]);
    expect(report.error?.code).toBe('ErrorUsage');
    expect(status).toBe(2);
  });
});

function readBody(req: import('node:http').IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    req.on('data', (d: Buffer) => (text += d.toString()));
    req.on('end', () => resolve(text));
  });
}
