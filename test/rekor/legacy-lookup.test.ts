import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, type JsonReport } from '../cli/run-cli.js';
import { buildLegacyLog, ENVELOPE_FILE, type ApiEntry } from './legacy-log.js';
import { startRekorServer, type RekorScript, type RekorServer } from './rekor-server.js';

// Bare DSSE envelopes verified through a Rekor lookup, end to end through bin/slsa-verify,
// against a local Rekor-compatible server (never the internet).
const log = buildLegacyLog();
const scratch = mkdtempSync(join(tmpdir(), 'slsa-verify-rekor-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const HELLO_SHA256 = '853ff93762a06ddbf722c4ebe9ddd66d8f63ddaea97f521c3ecc20da7c976020';

function args(provenance: string, extra: string[] = []): string[] {
  return [
    'verify-artifact', 'fixtures/artifacts/hello.txt',
    '--provenance-path', provenance,
    '--source-uri', 'github.com/slsa-verify-fixtures/hello',
    '--trusted-root', 'fixtures/trusted_root.json',
    ...extra,
  ];
}

async function withServer<T>(script: RekorScript, run: (server: RekorServer) => Promise<T>): Promise<T> {
  const server = await startRekorServer(script);
  try {
    return await run(server);
  } finally {
    await server.close();
  }
}

async function verifyJson(server: RekorServer, provenance = ENVELOPE_FILE, extra: string[] = []) {
  const run = await runCli(args(provenance, ['--rekor-url', server.url, '--format', 'json', ...extra]));
  return { run, report: JSON.parse(run.stdout) as JsonReport };
}

describe.concurrent('legacy bare DSSE envelope through a Rekor lookup', () => {
  for (const [name, entry] of [
    ['intoto v0.0.1', log.intotoV001],
    ['intoto v0.0.2', log.intotoV002],
    ['dsse v0.0.1', log.dsse],
  ] as const) {
    it(`passes with only an ${name} entry in the log`, async () => {
      await withServer({ entries: [entry] }, async (server) => {
        const { run, report } = await verifyJson(server);
        expect(report.verdict).toBe('PASSED');
        expect(run.status).toBe(0);
        const evidence = (report.artifacts[0] as unknown as { evidence: { rekorLookup: unknown; logIndex: string } }).evidence;
        expect(evidence.rekorLookup).toEqual({
          logIndex: String(entry.entry.logIndex),
          uuid: entry.uuid,
          url: `${server.url}/api/v1/log/entries/${entry.uuid}`,
        });
        expect(evidence.logIndex).toBe(String(entry.entry.logIndex));
        // JSON mode: the lookup line is not printed anywhere.
        expect(run.stderr).not.toContain('Verified signature against tlog entry');
      });
    });
  }

  it('looks an intoto v0.0.1 entry up with the line exactly as written and the certificate', async () => {
    await withServer({ entries: [log.intotoV001] }, async (server) => {
      await verifyJson(server);
      const first = server.requests[0];
      expect(first?.path).toBe('/api/v1/log/entries/retrieve');
      expect(first?.body).toEqual({
        entries: [{ apiVersion: '0.0.1', kind: 'intoto', spec: { content: { envelope: log.raw }, publicKey: Buffer.from(log.certificatePem).toString('base64') } }],
      });
    });
  });

  it("prints slsa-verifier's log-entry line on stderr before the builder line (text mode)", async () => {
    await withServer({ entries: [log.intotoV001] }, async (server) => {
      const run = await runCli(args(ENVELOPE_FILE, ['--rekor-url', server.url]));
      expect(run.status).toBe(0);
      expect(run.stdout).toBe('');
      const lines = run.stderr.split('\n');
      const entryLine = `Verified signature against tlog entry index ${log.intotoV001.entry.logIndex} at URL: ${server.url}/api/v1/log/entries/${log.intotoV001.uuid}`;
      expect(lines[0]).toBe(entryLine);
      expect(lines[1]).toMatch(/^Verified build using builder /);
    });
  });

  const hostile: [string, ApiEntry[], string][] = [
    ['an entry for another envelope', [log.otherEnvelope], 'ErrorNoValidRekorEntries'],
    ['a forged signed entry timestamp', [log.forgedSet], 'ErrorInvalidRekorEntry'],
    ['a wrong inclusion proof', [log.badProof], 'ErrorInvalidRekorEntry'],
    ['several invalid entries', [log.otherEnvelope, log.forgedSet, log.badProof], 'ErrorNoValidRekorEntries'],
    ['an empty answer', [], 'ErrorRekorSearch'],
  ];
  for (const [name, answer, code] of hostile) {
    it(`fails (exit 1, ${code}) on ${name}`, async () => {
      await withServer({ entries: [], retrieveAnswer: answer }, async (server) => {
        const { run, report } = await verifyJson(server);
        expect(report.verdict).toBe('FAILED');
        expect(run.status).toBe(1);
        expect(report.error?.code).toBe(code);
        expect(run.stderr).not.toMatch(/\n\s+at /);
      });
    });
  }

  it('passes when one of several answered entries is valid', async () => {
    await withServer({ entries: [], retrieveAnswer: [log.otherEnvelope, log.forgedSet, log.badProof, log.intotoV001] }, async (server) => {
      const { run, report } = await verifyJson(server);
      expect(report.verdict).toBe('PASSED');
      expect(run.status).toBe(0);
    });
  });

  it('retries a failing log and passes once it answers', async () => {
    await withServer({ entries: [log.intotoV001], failFirst: 2 }, async (server) => {
      const { run } = await verifyJson(server);
      expect(run.status).toBe(0);
      expect(server.requests.length).toBe(3);
    });
  });

  it('ends with exit 4 (ErrorRekorUnreachable) when the log keeps failing', async () => {
    await withServer({ entries: [log.intotoV001], failFirst: 1000 }, async (server) => {
      const { run, report } = await verifyJson(server);
      expect(run.status).toBe(4);
      expect(report.error?.code).toBe('ErrorRekorUnreachable');
      expect(server.requests.length).toBe(3);
    });
  });

  it('ends with exit 4 (ErrorRekorUnreachable) on a dead port', async () => {
    const server = await startRekorServer({ entries: [] });
    await server.close();
    const { run, report } = await verifyJson(server);
    expect(run.status).toBe(4);
    expect(report.verdict).toBe('FAILED');
    expect(report.error?.code).toBe('ErrorRekorUnreachable');
  });

  it('--offline refuses the lookup: exit 2, ErrorNeedsLogLookup, no request', async () => {
    await withServer({ entries: [log.intotoV001] }, async (server) => {
      const { run, report } = await verifyJson(server, ENVELOPE_FILE, ['--offline']);
      expect(run.status).toBe(2);
      expect(report.error?.code).toBe('ErrorNeedsLogLookup');
      expect(server.requests).toEqual([]);
    });
  });

  it('rejects a --rekor-url that is not http(s) (exit 2)', async () => {
    const run = await runCli(args(ENVELOPE_FILE, ['--rekor-url', 'file:///etc/passwd', '--format', 'json']));
    expect(run.status).toBe(2);
  });

  for (const [name, entry] of [
    ['intoto v0.0.1', log.intotoV001],
    ['dsse v0.0.1', log.dsse],
  ] as const) {
    it(`--save-bundle writes a bundle (${name}) that verifies offline to the same verdict`, async () => {
      const saved = join(scratch, `saved-${entry.uuid.slice(-8)}.sigstore.json`);
      const online = await withServer({ entries: [entry] }, (server) => verifyJson(server, ENVELOPE_FILE, ['--save-bundle', saved]));
      expect(online.run.status).toBe(0);
      const bundle = JSON.parse(readFileSync(saved, 'utf8')) as { mediaType: string; verificationMaterial: { tlogEntries: unknown[] } };
      expect(bundle.mediaType).toBe('application/vnd.dev.sigstore.bundle.v0.3+json');
      expect(bundle.verificationMaterial.tlogEntries).toHaveLength(1);

      const offline = await runCli(args(saved, ['--offline', '--format', 'json']));
      const report = JSON.parse(offline.stdout) as JsonReport;
      expect(offline.status).toBe(0);
      expect(report.verdict).toBe('PASSED');
      expect(report.artifacts[0]?.builderId).toBe(online.report.artifacts[0]?.builderId);
      expect(report.artifacts[0]?.commit).toBe(online.report.artifacts[0]?.commit);

      // The same bundle, policy failing, fails the same way offline and online.
      const mismatch = await runCli(args(saved, ['--offline', '--format', 'json', '--source-branch', 'main2']));
      expect(mismatch.status).toBe(1);
      expect((JSON.parse(mismatch.stdout) as JsonReport).error?.code).toBe('ErrorMismatchBranch');
    });
  }

  describe('an envelope without certificate: searched by the artifact digest', () => {
    const withoutCert = join(scratch, 'no-cert.intoto.jsonl');
    const parsed = JSON.parse(log.raw) as { signatures: { cert?: string }[] };
    delete parsed.signatures[0]!.cert;
    writeFileSync(withoutCert, `${JSON.stringify(parsed)}\n`);

    it('finds the entry through index/retrieve by sha256 and passes', async () => {
      const script = { entries: [log.intotoV001], index: { [`sha256:${HELLO_SHA256}`]: [log.intotoV001.uuid] } };
      await withServer(script, async (server) => {
        const { run, report } = await verifyJson(server, withoutCert);
        expect(report.verdict).toBe('PASSED');
        expect(run.status).toBe(0);
        expect(server.requests[0]).toEqual({ method: 'POST', path: '/api/v1/index/retrieve', body: { hash: `sha256:${HELLO_SHA256}` } });
        expect(server.requests[1]?.path).toBe(`/api/v1/log/entries/${log.intotoV001.uuid}`);
      });
    });

    it('tries every entry found and passes on the valid one', async () => {
      const all = [log.otherEnvelope, log.badProof, log.dsse];
      const script = { entries: all, index: { [`sha256:${HELLO_SHA256}`]: all.map((e) => e.uuid) } };
      await withServer(script, async (server) => {
        const { run } = await verifyJson(server, withoutCert);
        expect(run.status).toBe(0);
      });
    });

    it("fails (ErrorNoValidRekorEntries) when the only entry is another envelope's", async () => {
      const script = { entries: [log.otherEnvelope], index: { [`sha256:${HELLO_SHA256}`]: [log.otherEnvelope.uuid] } };
      await withServer(script, async (server) => {
        const { run, report } = await verifyJson(server, withoutCert);
        expect(run.status).toBe(1);
        expect(report.error?.code).toBe('ErrorNoValidRekorEntries');
      });
    });

    it('fails (ErrorRekorSearch) when the index knows nothing', async () => {
      await withServer({ entries: [log.intotoV001] }, async (server) => {
        const { run, report } = await verifyJson(server, withoutCert);
        expect(run.status).toBe(1);
        expect(report.error?.code).toBe('ErrorRekorSearch');
      });
    });
  });
});
