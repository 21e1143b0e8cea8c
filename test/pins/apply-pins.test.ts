import { describe, expect, it } from 'vitest';
import type { PackageResult, PublisherIdentity } from '../../src/lockfile/package-result.js';
import { applyPins } from '../../src/pins/apply-pins.js';
import type { Pins } from '../../src/pins/pins-file.js';

const ORIGINAL: PublisherIdentity = { repository: 'github.com/o/r', workflow: '.github/workflows/p.yml', builder: 'b' };
const FORK: PublisherIdentity = { ...ORIGINAL, repository: 'github.com/fork/r' };

function result(status: PackageResult['status'], publisher?: PublisherIdentity): PackageResult {
  return { ecosystem: 'npm', name: 'x', version: '1.0.0', files: [], status, error: undefined, note: status === 'verified' ? undefined : 'no attestations', publisher, pin: undefined };
}

function pinned(p?: PublisherIdentity): Pins {
  return { schemaVersion: 1, pins: new Map(p ? [['npm:x', p]] : []) };
}

describe('applyPins', () => {
  it('records on first use and matches afterwards', () => {
    const pins = pinned();
    const first = result('verified', ORIGINAL);
    expect(applyPins([first], pins, false)).toBe(true);
    expect(first.pin).toBe('recorded');
    expect(pins.pins.get('npm:x')).toEqual(ORIGINAL);
    const again = result('verified', ORIGINAL);
    expect(applyPins([again], pins, false)).toBe(false);
    expect(again.pin).toBe('matched');
  });

  it('fails another publisher with ErrorPinMismatch, or re-records it with update', () => {
    const r = result('verified', FORK);
    expect(applyPins([r], pinned(ORIGINAL), false)).toBe(false);
    expect(r).toMatchObject({ status: 'failed', pin: 'mismatch', error: { code: 'ErrorPinMismatch' } });
    const pins = pinned(ORIGINAL);
    const u = result('verified', FORK);
    expect(applyPins([u], pins, true)).toBe(true);
    expect(u).toMatchObject({ status: 'verified', pin: 'updated' });
    expect(pins.pins.get('npm:x')).toEqual(FORK);
  });

  it('fails a downgrade (pinned, now passing without provenance), or drops the pin with update', () => {
    for (const status of ['allowed', 'warned'] as const) {
      const r = result(status);
      applyPins([r], pinned(ORIGINAL), false);
      expect(r).toMatchObject({ status: 'failed', error: { code: 'ErrorPinMismatch' } });
    }
    const pins = pinned(ORIGINAL);
    const u = result('allowed');
    expect(applyPins([u], pins, true)).toBe(true);
    expect(u).toMatchObject({ status: 'allowed', pin: 'removed' });
    expect(pins.pins.size).toBe(0);
  });

  it('leaves pins alone for failed packages', () => {
    const pins = pinned(ORIGINAL);
    const r = result('failed');
    expect(applyPins([r], pins, true)).toBe(false);
    expect(r.pin).toBeUndefined();
    expect(pins.pins.get('npm:x')).toEqual(ORIGINAL);
  });

  it('keys packages by canonical name: Hello_Py meets the pin of hello-py, an npm case variant the pin of its lowercase twin', () => {
    const pins: Pins = { schemaVersion: 1, pins: new Map([['pypi:hello-py', ORIGINAL], ['npm:jsonstream', ORIGINAL]]) };
    const py = { ...result('verified', FORK), ecosystem: 'pypi' as const, name: 'Hello_Py' };
    const js = { ...result('verified', FORK), name: 'JSONStream' };
    expect(applyPins([py, js], pins, false)).toBe(false);
    expect(py).toMatchObject({ status: 'failed', pin: 'mismatch', error: { code: 'ErrorPinMismatch' } });
    expect(js).toMatchObject({ status: 'failed', pin: 'mismatch', error: { code: 'ErrorPinMismatch' } });
    expect([...pins.pins.keys()]).toEqual(['pypi:hello-py', 'npm:jsonstream']);
  });
});

