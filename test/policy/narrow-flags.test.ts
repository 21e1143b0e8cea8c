import { describe, expect, it } from 'vitest';
import { codeOf } from '../support/code-of.js';
import { matchesGlob } from '../../src/policy/glob.js';
import { checkFlagsNarrow } from '../../src/policy/narrow-flags.js';
import type { PolicyRules } from '../../src/policy/schema.js';
import { selectRules } from '../../src/policy/select-rules.js';

const B = 'https://github.com/slsa-framework/slsa-github-generator/.github/workflows/generator_generic_slsa3.yml';
const rules: PolicyRules = {
  builders: [{ id: B, version: '^2.0.0' }],
  branches: ['main', 'release/*'],
  tags: { patterns: ['v*'], semver: '>=1.2.0 <2' },
  workflowInputs: { publish: 'true' },
};
const narrow = (flags: Record<string, string>, r: PolicyRules = rules) => codeOf(() => checkFlagsNarrow({ workflowInputs: {}, ...flags }, r, ''));

describe('checkFlagsNarrow', () => {
  it('accepts flags inside the policy', () => {
    expect(narrow({ builderId: `${B}@refs/tags/v2.1.0` })).toBeUndefined();
    expect(narrow({ builderId: B })).toBeUndefined();
    expect(narrow({ sourceBranch: 'release/1.x' })).toBeUndefined();
    expect(narrow({ sourceTag: 'v1.3.0' })).toBeUndefined();
    expect(narrow({ sourceVersionedTag: 'v1.4' })).toBeUndefined();
  });

  it('refuses flags that widen it', () => {
    expect(narrow({ builderId: `${B}@refs/tags/v3.0.0` })).toBe('ErrorInvalidPolicy');
    expect(narrow({ sourceBranch: 'release/1/x' })).toBe('ErrorInvalidPolicy');
    expect(narrow({ sourceTag: 'v2.0.0' })).toBe('ErrorInvalidPolicy');
    expect(narrow({ sourceVersionedTag: 'v1' })).toBe('ErrorInvalidPolicy');
    expect(codeOf(() => checkFlagsNarrow({ workflowInputs: { publish: 'false' } }, rules, ''))).toBe('ErrorInvalidPolicy');
    expect(narrow({ sourceTag: 'v1.0.0' }, { branches: ['main'] })).toBe('ErrorInvalidPolicy');
  });
});

describe('globs and package selection', () => {
  it('matches * within a segment and ** across', () => {
    expect(matchesGlob('release/1.x', 'release/*')).toBe(true);
    expect(matchesGlob('release/1/x', 'release/*')).toBe(false);
    expect(matchesGlob('release/1/x', 'release/**')).toBe(true);
    expect(matchesGlob('main2', 'main')).toBe(false);
    expect(matchesGlob('a.b', 'a?b')).toBe(true);
    expect(matchesGlob('axb', 'a.b')).toBe(false);
  });

  it('the first matching package entry replaces only the fields it sets', () => {
    const policy = { version: 1 as const, branches: ['main'], minSlsaBuildLevel: 3, packages: [{ match: '*.tgz', branches: ['dev'] }, { match: 'x.tgz', branches: ['x'] }] };
    expect(selectRules(policy, { kind: 'artifact', name: 'dist/x.tgz' }).rules).toEqual({ branches: ['dev'], minSlsaBuildLevel: 3 });
    expect(selectRules(policy, { kind: 'artifact', name: 'x.txt' }).rules).toEqual({ branches: ['main'], minSlsaBuildLevel: 3 });
  });
});
