import { describe, expect, it } from 'vitest';
import type { Fetcher } from '../../src/net/fetcher.js';
import { fetchPypiEvidence } from '../../src/pypi/fetch-evidence.js';

const A = 'a'.repeat(64);
const B = 'b'.repeat(64);
const INDEX = 'https://index.example/simple/';

/** An index page only; the release asked about has no provenance, so nothing else is fetched. */
function page(files: Record<string, unknown>[]): Fetcher {
  return { get: async () => Buffer.from(JSON.stringify({ meta: { 'api-version': '1.0' }, name: 'hello-py', files })) };
}

describe('fetchPypiEvidence: earlier attested releases', () => {
  it('counts an attested release as earlier when the index gives no upload times (fail closed), and not when it is shown to be later', async () => {
    const untimed = page([
      { filename: 'hello_py-1.0.0-py3-none-any.whl', hashes: { sha256: B }, provenance: 'https://index.example/p' },
      { filename: 'hello_py-1.1.0-py3-none-any.whl', hashes: { sha256: A } },
    ]);
    const pinned = { files: undefined, sha256: [A], fileDigests: undefined };
    expect((await fetchPypiEvidence(untimed, INDEX, 'hello-py', '1.1.0', pinned)).attestedEarlier).toEqual(['1.0.0']);
    const later = page([
      { filename: 'hello_py-1.2.0-py3-none-any.whl', hashes: { sha256: B }, provenance: 'https://index.example/p', 'upload-time': '2026-02-01T00:00:00Z' },
      { filename: 'hello_py-1.1.0-py3-none-any.whl', hashes: { sha256: A }, 'upload-time': '2026-01-01T00:00:00Z' },
    ]);
    expect((await fetchPypiEvidence(later, INDEX, 'hello-py', '1.1.0', pinned)).attestedEarlier).toEqual([]);
  });

  it('reports a pinned hash the index does not list (a hash-only lock)', async () => {
    const ev = await fetchPypiEvidence(page([{ filename: 'hello_py-1.1.0-py3-none-any.whl', hashes: { sha256: A } }]), INDEX, 'hello-py', '1.1.0', { files: undefined, sha256: [A, B], fileDigests: undefined });
    expect(ev.unlisted).toEqual([B]);
  });
});
