import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseProvenance } from '../../src/input/read-provenance.js';
import { resolveLegacyEvidence, saveLookedUpBundles, type LegacyLookupOptions } from '../../src/rekor/resolve-legacy.js';
import { loadTrustRoot } from '../../src/sigstore/trusted-root.js';
import { REPO } from '../cli/run-cli.js';
import { buildLegacyLog } from './legacy-log.js';
import { startRekorServer } from './rekor-server.js';

const trust = loadTrustRoot(join(REPO, 'fixtures/trusted_root.json'));
const log = buildLegacyLog();
const scratch = mkdtempSync(join(tmpdir(), 'slsa-verify-legacy-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

// Two bare envelopes (the same one twice) in one file.
const twoLines = join(scratch, 'two.intoto.jsonl');
writeFileSync(twoLines, `${log.raw}\n${log.raw}\n`);
const evidence = parseProvenance(Buffer.from(`${log.raw}\n${log.raw}\n`));

function options(rekorUrl: string, extra: Partial<LegacyLookupOptions> = {}): LegacyLookupOptions {
  return { offline: false, rekorUrl, saveBundle: undefined, onEntry: undefined, client: { timeoutMs: 200, attempts: 2, backoffMs: 10 }, ...extra };
}

describe('resolveLegacyEvidence', () => {
  it('verifies each bare line and reports each entry used', async () => {
    const server = await startRekorServer({ entries: [log.intotoV001] });
    try {
      const used: string[] = [];
      const outcomes = await resolveLegacyEvidence(evidence, twoLines, trust, async () => [], options(server.url, { onEntry: (e) => used.push(e.uuid) }));
      expect([...outcomes.values()].map((o) => o.ok)).toEqual([true, true]);
      expect(used).toEqual([log.intotoV001.uuid, log.intotoV001.uuid]);
    } finally {
      await server.close();
    }
  });

  it('stops asking a log that timed out (the second line is not tried)', async () => {
    const server = await startRekorServer({ entries: [log.intotoV001], delayMs: 2_000 });
    try {
      const outcomes = await resolveLegacyEvidence(evidence, twoLines, trust, async () => [], options(server.url));
      expect([...outcomes.values()].map((o) => (o.ok ? 'ok' : o.error.code))).toEqual(['ErrorRekorUnreachable', 'ErrorRekorUnreachable']);
      expect(server.requests).toHaveLength(2);
    } finally {
      await server.close();
    }
  });

  it('--offline: ErrorNeedsLogLookup for every bare line, nothing asked', async () => {
    const outcomes = await resolveLegacyEvidence(evidence, twoLines, trust, async () => [], options('http://127.0.0.1:1', { offline: true }));
    expect([...outcomes.values()].map((o) => (o.ok ? 'ok' : o.error.code))).toEqual(['ErrorNeedsLogLookup', 'ErrorNeedsLogLookup']);
  });

  it('--save-bundle: nothing is written by the lookup itself; saveLookedUpBundles writes one bundle per looked-up line', async () => {
    const server = await startRekorServer({ entries: [log.dsse] });
    const saved = join(scratch, 'saved.jsonl');
    try {
      const outcomes = await resolveLegacyEvidence(evidence, twoLines, trust, async () => [], options(server.url, { saveBundle: saved }));
      expect(existsSync(saved)).toBe(false);
      await saveLookedUpBundles(saved, outcomes);
      expect(parseProvenance(readFileSync(saved)).map((e) => e.kind)).toEqual(['bundle', 'bundle']);
      expect(readdirSync(scratch).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it('saveLookedUpBundles writes nothing when no line verified', async () => {
    const saved = join(scratch, 'none.jsonl');
    const outcomes = await resolveLegacyEvidence(evidence, twoLines, trust, async () => [], options('http://127.0.0.1:1', { offline: true }));
    await saveLookedUpBundles(saved, outcomes);
    expect(existsSync(saved)).toBe(false);
  });
});
