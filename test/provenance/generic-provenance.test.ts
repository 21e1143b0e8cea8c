import { describe, expect, it } from 'vitest';
import { readGenericProvenance } from '../../src/provenance/generic-provenance.js';
import { parseStatement, IN_TOTO_PAYLOAD_TYPE } from '../../src/provenance/statement.js';
import { customStatement } from '../../src/tools/fixtures/custom-builder.js';

const subjects = [{ name: 'a', digest: { sha256: 'ab'.repeat(32) } }];
const read = (statement: object) => readGenericProvenance(parseStatement(IN_TOTO_PAYLOAD_TYPE, Buffer.from(JSON.stringify(statement))));
const COMMIT = 'c'.repeat(40);

describe('readGenericProvenance', () => {
  it('reads v0.2 invocation.configSource and v1 git resolvedDependencies', () => {
    const v02 = read(customStatement({ version: 'v0.2', subjects, source: 'git+https://gitlab.com/o/r@refs/heads/main', commit: COMMIT }));
    expect(v02).toMatchObject({ kind: 'generic', sourceUri: { ok: true, value: 'git+https://gitlab.com/o/r@refs/heads/main' }, branchRef: { ok: true, value: 'refs/heads/main' }, tagRef: { ok: true, value: '' }, commit: COMMIT });
    const v1 = read(customStatement({ version: 'v1', subjects, source: 'git+https://gitlab.com/o/r@refs/tags/v1', commit: COMMIT, materials: [{ uri: 'pkg:npm/x@1', digest: { sha256: 'ab'.repeat(32) } }] }));
    expect(v1).toMatchObject({ tagRef: { ok: true, value: 'refs/tags/v1' }, branchRef: { ok: true, value: '' }, commit: COMMIT });
  });

  it('fails a claim the statement does not carry, and an ambiguous source', () => {
    const noSource = read(customStatement({ version: 'v0.2', subjects, source: undefined, commit: COMMIT }));
    expect(noSource.sourceUri.ok || noSource.sourceUri.error.code).toBe('ErrorMismatchSource');
    expect(noSource.branchRef.ok || noSource.branchRef.error.code).toBe('ErrorMismatchSource');
    const noRef = read(customStatement({ version: 'v1', subjects, source: 'git+https://gitlab.com/o/r', commit: COMMIT }));
    expect(noRef.branchRef.ok || noRef.branchRef.error.code).toBe('ErrorMismatchBranch');
    expect(noRef.tagRef.ok || noRef.tagRef.error.code).toBe('ErrorMismatchTag');
    const two = read(customStatement({ version: 'v1', subjects, source: 'git+https://gitlab.com/o/r@refs/heads/main', commit: COMMIT, materials: [{ uri: 'git+https://gitlab.com/o/evil@refs/heads/main', digest: { gitCommit: 'd'.repeat(40) } }] }));
    expect(two.sourceUri.ok || two.sourceUri.error.code).toBe('ErrorInvalidDssePayload');
  });
});
