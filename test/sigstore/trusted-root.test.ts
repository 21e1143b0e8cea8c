import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { embeddedTrustedRootJson, loadTrustRoot } from '../../src/sigstore/trusted-root.js';
import { codeOf } from '../support/code-of.js';

describe('trusted root', () => {
  it('loads the embedded public-good root without a network', () => {
    const root = loadTrustRoot();
    expect(root.material.tlogs.length).toBeGreaterThan(0);
    expect(root.material.certificateAuthorities.length).toBeGreaterThan(0);
    expect(root.material.ctlogs.length).toBeGreaterThan(0);
  });

  it('embedded JSON is a trusted root', () => {
    expect((embeddedTrustedRootJson() as { mediaType: string }).mediaType).toContain('trustedroot');
  });

  it('rejects a missing file as unreadable, and garbage as an invalid root', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sv-root-'));
    expect(codeOf(() => loadTrustRoot(join(dir, 'nope.json')))).toBe('ErrorUnreadableFile');
    writeFileSync(join(dir, 'bad.json'), '{"mediaType":"x"}');
    expect(codeOf(() => loadTrustRoot(join(dir, 'bad.json')))).toBe('ErrorInvalidTrustedRoot');
    writeFileSync(join(dir, 'notjson.json'), 'nope');
    expect(codeOf(() => loadTrustRoot(join(dir, 'notjson.json')))).toBe('ErrorInvalidTrustedRoot');
    // No log and no timestamp authority: nothing could vouch for a signing time.
    const nothing = { ...(embeddedTrustedRootJson() as object), tlogs: [], timestampAuthorities: [] };
    writeFileSync(join(dir, 'empty.json'), JSON.stringify(nothing));
    expect(codeOf(() => loadTrustRoot(join(dir, 'empty.json')))).toBe('ErrorInvalidTrustedRoot');
    // No log but a timestamp authority: GitHub's own instance has this shape, and it loads.
    const tsaOnly = { ...(embeddedTrustedRootJson() as object), tlogs: [], ctlogs: [] };
    writeFileSync(join(dir, 'tsa-only.json'), JSON.stringify(tsaOnly));
    expect(loadTrustRoot(join(dir, 'tsa-only.json')).material.tlogs).toHaveLength(0);
  });
});
