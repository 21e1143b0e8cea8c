import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPins, parsePins, savePins } from '../../src/pins/pins-file.js';
import { codeOf } from '../support/code-of.js';

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
    expect(await loadPins(path)).toEqual({ schemaVersion: 1, pins: new Map() });
    const identity = { repository: 'github.com/o/r', workflow: 'w', builder: 'b' };
    await savePins(path, { schemaVersion: 1, pins: new Map([['npm:z', identity], ['npm:a', identity]]) });
    expect(Object.keys((JSON.parse(readFileSync(path, 'utf8')) as { pins: object }).pins)).toEqual(['npm:a', 'npm:z']);
    expect(await loadPins(path)).toEqual({ schemaVersion: 1, pins: new Map([['npm:a', identity], ['npm:z', identity]]) });
    expect(readdirSync(d)).toEqual(['pins.json']);
  });

  it('refuses a malformed pins file rather than starting over (ErrorUsage)', async () => {
    const path = join(dir(), 'pins.json');
    for (const text of ['{', '{"schemaVersion":1,"pins":{"npm:a":{"repository":"r"}}}', '{"schemaVersion":2,"pins":{}}']) {
      writeFileSync(path, text);
      expect(await codeOfAsync(() => loadPins(path)), text).toBe('ErrorUsage');
    }
  });

  it('refuses repeated keys, __proto__, keys that are not npm:NAME or pypi:NAME (ErrorUsage)', () => {
    const id = '{"repository":"github.com/o/r","workflow":"w","builder":"b"}';
    for (const pins of [`"npm:a":${id},"npm:a":${id}`, `"__proto__":${id}`, `"a":${id}`, `"npm:":${id}`, `"cargo:a":${id}`, `"":${id}`]) {
      expect(codeOf(() => parsePins(`{"schemaVersion":1,"pins":{${pins}}}`, 'pins')), pins).toBe('ErrorUsage');
    }
  });

  it('reads keys written by older versions under the canonical name, refusing two that disagree', () => {
    const a = { repository: 'github.com/o/r', workflow: 'w', builder: 'b' };
    const b = { ...a, repository: 'github.com/fork/r' };
    const text = (pins: Record<string, object>) => JSON.stringify({ schemaVersion: 1, pins });
    expect([...parsePins(text({ 'pypi:Hello_Py': a, 'npm:JSONStream': a }), 'pins').pins.keys()]).toEqual(['pypi:hello-py', 'npm:jsonstream']);
    expect(parsePins(text({ 'pypi:Hello_Py': a, 'pypi:hello-py': a }), 'pins').pins.size).toBe(1);
    expect(codeOf(() => parsePins(text({ 'pypi:Hello_Py': a, 'pypi:hello.py': b }), 'pins'))).toBe('ErrorUsage');
    expect(codeOf(() => parsePins(text({ 'npm:JSONStream': a, 'npm:jsonstream': b }), 'pins'))).toBe('ErrorUsage');
  });
});

