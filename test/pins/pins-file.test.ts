import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPins, savePins } from '../../src/pins/pins-file.js';

const dir = (): string => mkdtempSync(join(tmpdir(), 'slsa-verify-pins-'));

async function codeOfAsync(run: () => Promise<unknown>): Promise<string | undefined> {
  try {
    await run();
  } catch (err) {
    return (err as { code?: string }).code;
  }
  return undefined;
}

describe('pins file', () => {
  it('reads a missing file as no pins, and round-trips sorted JSON with no temporary file left', async () => {
    const d = dir();
    const path = join(d, 'pins.json');
    expect(await loadPins(path)).toEqual({ schemaVersion: 1, pins: {} });
    const identity = { repository: 'github.com/o/r', workflow: 'w', builder: 'b' };
    await savePins(path, { schemaVersion: 1, pins: { 'npm:z': identity, 'npm:a': identity } });
    expect(Object.keys((JSON.parse(readFileSync(path, 'utf8')) as { pins: object }).pins)).toEqual(['npm:a', 'npm:z']);
    expect(await loadPins(path)).toEqual({ schemaVersion: 1, pins: { 'npm:a': identity, 'npm:z': identity } });
    expect(readdirSync(d)).toEqual(['pins.json']);
  });

  it('refuses a malformed pins file rather than starting over (ErrorUsage)', async () => {
    const path = join(dir(), 'pins.json');
    for (const text of ['{', '{"schemaVersion":1,"pins":{"npm:a":{"repository":"r"}}}', '{"schemaVersion":2,"pins":{}}']) {
      writeFileSync(path, text);
      expect(await codeOfAsync(() => loadPins(path)), text).toBe('ErrorUsage');
    }
  });
});
