import { describe, expect, it } from 'vitest';
import { codeOf } from '../support/code-of.js';
import { parsePolicy } from '../../src/policy/load-policy.js';

function errorOf(text: string): string {
  try {
    parsePolicy(text, 'p.yaml');
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('expected a failure');
}

describe('parsePolicy', () => {
  it('accepts YAML and JSON with every field', () => {
    const yaml = [
      'version: 1',
      'builders:',
      '  - https://example.com/builder.yml',
      '  - id: https://github.com/slsa-framework/slsa-github-generator/.github/workflows/generator_generic_slsa3.yml',
      '    version: ">=2.0.0 <3"',
      'sourceRepositories: [github.com/o/*]',
      'branches: [main, "release/*"]',
      'tags: { patterns: ["v*"], semver: ">=1.0.0", allowPrerelease: false }',
      'workflowInputs: { publish: "true" }',
      'predicateTypes: [https://slsa.dev/provenance/v1]',
      'requireHostedRunners: true',
      'minSlsaBuildLevel: 3',
      'packages:',
      '  - match: "*.tgz"',
      '    branches: [main]',
    ].join('\n');
    const policy = parsePolicy(yaml, 'p.yaml');
    expect(policy.builders).toHaveLength(2);
    expect(policy.packages?.[0]?.match).toBe('*.tgz');
    expect(parsePolicy('{"version": 1, "tags": ["v*"]}', 'p.json').tags).toEqual(['v*']);
  });

  it('points at the line and field of a validation error', () => {
    expect(errorOf('version: 1\nbranches:\n  - main\n  - 3\n')).toContain('p.yaml:4:5: branches.1:');
    expect(errorOf('version: 1\nminSlsaBuildLevel: 5\n')).toContain('p.yaml:2:20: minSlsaBuildLevel:');
    expect(errorOf('version: 1\nbuilders:\n  - id: x\n    version: "not a range"\n')).toMatch(/p\.yaml:4:14: builders\.0\.version: .*semver/);
    expect(errorOf('version: 1\npackages:\n  - match: a\n    brnches: [main]\n')).toContain('p.yaml:4:5: packages.0.brnches:');
    expect(errorOf('{\n  "version": 1,\n  "tags": {"allowPrerelease": true}\n}')).toContain('p.yaml:3:11: tags:');
  });

  it('refuses a missing or wrong version, YAML syntax errors and duplicate keys (exit 2 code)', () => {
    expect(errorOf('branches: [main]\n')).toContain('version');
    expect(errorOf('version: 2\n')).toContain('p.yaml:1:10: version:');
    expect(errorOf('version: 1\nbranches: [main\n')).toMatch(/p\.yaml:\d+:\d+:/);
    expect(errorOf('version: 1\nbranches: [a]\nbranches: [b]\n')).toMatch(/p\.yaml:3:1: .*[Uu]nique/);
    expect(codeOf(() => parsePolicy('version: 1\nbogus: 1\n', 'p.yaml'))).toBe('ErrorInvalidPolicy');
  });
});
