import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { attestationVerify, loadTrustedRoot, VerifyError } from '../../src/index.js';
import { fixtureBytes, ghAttestationSet } from '../../src/tools/fixtures/gh-attestation.js';

const dir = mkdtempSync(join(tmpdir(), 'gh-library-'));
const APP = fixtureBytes('gh-library/app');
const set = await ghAttestationSet([{ id: 'a', subjects: [{ name: 'app', bytes: APP }] }, { id: 'private', subjects: [{ name: 'app', bytes: APP }], evidence: 'timestamp' }]);
const write = (name: string, text: string | Buffer): string => {
  writeFileSync(join(dir, name), text);
  return join(dir, name);
};
const artifact = write('app', APP);
const bundlePath = write('a.jsonl', `${JSON.stringify(set.bundles.get('a'))}\n`);
const rootPath = write('root.json', JSON.stringify(set.trustedRoot));

describe('attestationVerify (library)', () => {
  it('returns the report, with a loaded root or a path, and the JSON lines of roots', async () => {
    const passed = await attestationVerify({ artifact, bundlePath, owner: 'slsa-verify-fixtures', customTrustedRoot: loadTrustedRoot(rootPath) });
    expect(passed.verdict).toBe('PASSED');
    expect(passed.attestations[0]?.status).toBe('matched');
    const roots = write('roots.jsonl', `${JSON.stringify(set.trustedRoot)}\n${JSON.stringify(set.tsaOnlyRoot)}\n`);
    const privateBundle = write('private.jsonl', `${JSON.stringify(set.bundles.get('private'))}\n`);
    expect((await attestationVerify({ artifact, bundlePath: privateBundle, owner: 'slsa-verify-fixtures', customTrustedRoot: roots })).verdict).toBe('PASSED');
    const failed = await attestationVerify({ artifact, bundlePath, repo: 'slsa-verify-fixtures/other', customTrustedRoot: rootPath });
    expect([failed.verdict, failed.error?.code]).toEqual(['FAILED', 'ErrorMismatchCertificate']);
  });

  it('throws a VerifyError for a request that cannot run', async () => {
    await expect(attestationVerify({ artifact, bundlePath, customTrustedRoot: rootPath })).rejects.toBeInstanceOf(VerifyError);
    await expect(attestationVerify({ artifact, bundlePath: join(dir, 'missing.jsonl'), owner: 'o', customTrustedRoot: rootPath })).rejects.toMatchObject({ code: 'ErrorUnreadableFile' });
    await expect(attestationVerify({ artifact, bundlePath, owner: 'o', customTrustedRoot: { origin: 'forged', material: {} } })).rejects.toMatchObject({ code: 'ErrorInvalidTrustedRoot' });
  });
});
