import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { HashOutcome } from '../../src/artifacts/hash-artifacts.js';
import { VerifyError } from '../../src/errors/index.js';
import { parseProvenance } from '../../src/input/read-provenance.js';
import { judgeArtifact, type JudgeContext } from '../../src/pipeline/judge-artifact.js';
import { verifyEvidence } from '../../src/pipeline/verify-evidence.js';
import { loadTrustRoot } from '../../src/sigstore/trusted-root.js';

const FIXTURES = join(import.meta.dirname, '../../fixtures');
const trust = loadTrustRoot(join(FIXTURES, 'trusted_root.json'));
const context: JudgeContext = {
  command: 'verify-artifact',
  policy: { sourceUri: 'github.com/slsa-verify-fixtures/hello' },
  testing: false,
};

function evidenceOf(...files: string[]) {
  const text = files.map((f) => readFileSync(join(FIXTURES, 'provenance', f), 'utf8')).join('');
  return verifyEvidence(parseProvenance(Buffer.from(text)), trust);
}

function hashOf(artifact: string): HashOutcome {
  const sha256 = createHash('sha256').update(readFileSync(join(FIXTURES, 'artifacts', artifact))).digest('hex');
  return { ok: true, digests: { sha256 } };
}

describe('judgeArtifact', () => {
  it('passes each artifact through the line that names it', () => {
    const evidence = evidenceOf('valid-multi-line.intoto.jsonl');
    expect(evidence).toHaveLength(2);
    const a = judgeArtifact('multi-a.txt', hashOf('multi-a.txt'), evidence, context);
    const b = judgeArtifact('multi-b.txt', hashOf('multi-b.txt'), evidence, context);
    expect([a.ok, a.line, b.ok, b.line]).toEqual([true, 1, true, 2]);
  });

  it('a bad line does not spoil a good one, and never passes on its own', () => {
    const evidence = evidenceOf('tampered-payload.intoto.jsonl', 'valid.intoto.jsonl');
    expect(evidence.map((e) => e.ok)).toEqual([false, true]);
    expect(judgeArtifact('hello.txt', hashOf('hello.txt'), evidence, context)).toMatchObject({ ok: true, line: 2 });
    const onlyBad = evidenceOf('tampered-payload.intoto.jsonl');
    expect(judgeArtifact('hello.txt', hashOf('hello.txt'), onlyBad, context).error?.code).toBe('ErrorInvalidSignature');
  });

  it('reports the failure of the statement about this artifact, not of an unrelated one', () => {
    const evidence = evidenceOf('valid-multi-line.intoto.jsonl', 'branch-main2.intoto.jsonl');
    const verdict = judgeArtifact('hello.txt', hashOf('hello.txt'), evidence, {
      ...context,
      policy: { ...context.policy, sourceBranch: 'main' },
    });
    expect(verdict.ok).toBe(false);
    expect(verdict.line).toBe(3);
    expect(verdict.error?.code).toBe('ErrorMismatchBranch');
    expect(verdict.error?.message).toMatch(/^provenance line 3: /);
  });

  it('an artifact no statement names fails with ErrorMismatchHash', () => {
    const verdict = judgeArtifact('other.txt', hashOf('other.txt'), evidenceOf('valid-multi-line.intoto.jsonl'), context);
    expect(verdict.error?.code).toBe('ErrorMismatchHash');
  });

  it('an unreadable artifact fails with its hashing error, never a pass', () => {
    const error = new VerifyError('ErrorUnreadableFile', 'gone');
    const verdict = judgeArtifact('gone', { ok: false, error }, evidenceOf('valid.intoto.jsonl'), context);
    expect(verdict).toMatchObject({ ok: false, error });
  });

  it('no evidence at all is a failure', () => {
    expect(judgeArtifact('hello.txt', hashOf('hello.txt'), [], context).ok).toBe(false);
  });
});
