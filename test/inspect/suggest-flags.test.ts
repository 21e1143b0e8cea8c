import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { UnverifiedAttestation } from '../../src/inspect/read-attestation.js';
import { suggestArgv, suggestCommand } from '../../src/inspect/suggest-flags.js';

function attestation(subjects: string[], extra: Partial<UnverifiedAttestation> = {}): UnverifiedAttestation {
  return {
    line: 1, error: undefined, predicateType: 'https://slsa.dev/provenance/v0.2',
    builderId: 'https://github.com/o/r/.github/workflows/b.yml@refs/tags/v1.0.0', sourceUri: 'github.com/o/r',
    ref: 'refs/tags/v1.2.3', commit: 'c0ffee', subjects: subjects.map((name) => ({ name, digest: { sha256: 'ab' } })),
    buildType: undefined, verifierId: undefined, resourceUri: undefined, keyId: undefined, signer: undefined, issuer: undefined, runnerEnvironment: undefined, logIndex: undefined, signingTime: undefined, ...extra,
  };
}

/** The argv a POSIX shell hands to `slsa-verify` for the printed command line. */
function shellArgv(command: string): string[] {
  const script = `slsa_verify() { for a in "$@"; do printf '%s\\0' "$a"; done; }; ${command.replace(/^slsa-verify /, 'slsa_verify ')}`;
  const out = execFileSync('sh', ['-c', script], { encoding: 'utf8' });
  return out.split('\0').slice(0, -1);
}

describe('suggestCommand', () => {
  it('puts options first and -- before the subject names, every value quoted for sh', () => {
    const hostile = ['--emit-vsa=x', '-h', "it's $(touch pwned) `id` *", 'a b', '~', '', '#c', 'x;y|z&', '$HOME'];
    const att = attestation(hostile, { builderId: "https://github.com/o/r/.github/workflows/b.yml@refs/tags/v1.0.0'; rm -rf ~", sourceUri: 'github.com/o/r --offline' });
    const command = suggestCommand(att, 'prov dir/a.jsonl');
    expect(command).toBeDefined();
    const argv = shellArgv(command!);
    expect(argv).toEqual(suggestArgv(att, 'prov dir/a.jsonl'));
    expect(argv.indexOf('--')).toBe(argv.length - hostile.length - 1);
    expect(argv.slice(-hostile.length)).toEqual(hostile);
    expect(argv.slice(0, 3)).toEqual(['verify-artifact', '--provenance-path', 'prov dir/a.jsonl']);
  });

  it('a tag, a branch, and no subject at all', () => {
    expect(shellArgv(suggestCommand(attestation([]), 'p')!)).toEqual([
      'verify-artifact', '--provenance-path', 'p', '--source-uri', 'github.com/o/r',
      '--builder-id', 'https://github.com/o/r/.github/workflows/b.yml@refs/tags/v1.0.0', '--source-tag', 'v1.2.3', '--', 'ARTIFACT',
    ]);
    expect(shellArgv(suggestCommand(attestation(['a'], { ref: 'refs/heads/-main' }), 'p')!)).toContain('-main');
  });

  it('prints no command when a claimed value holds a control character or NUL', () => {
    for (const bad of ['a\nb', 'a\x1b[2Kb', 'a\u202eb', 'a\0b', 'a\u0085b']) {
      expect(suggestCommand(attestation([bad]), 'p'), JSON.stringify(bad)).toBeUndefined();
      expect(suggestCommand(attestation(['ok'], { sourceUri: `github.com/o/${bad}` }), 'p')).toBeUndefined();
    }
  });
});
