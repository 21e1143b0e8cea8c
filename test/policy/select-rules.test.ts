import { describe, expect, it } from 'vitest';
import { parsePolicy } from '../../src/policy/load-policy.js';
import { selectRules, type RuleTarget } from '../../src/policy/select-rules.js';
import { codeOf } from '../support/code-of.js';

const policy = parsePolicy(
  `version: 1
branches: [top]
packages:
  - match: left-pad
    branches: [left-pad]
  - match: "@acme/*"
    branches: [acme]
  - match: hello_Py
    branches: [hello-py]
  - match: "dist/*.tgz"
    branches: [dist]
  - match: "*.bin"
    branches: [bin]
  - match: "*"
    branches: [star]
  - match: "**"
    branches: [any]
`,
  'policy.yaml',
);

const branchFor = (target: RuleTarget | undefined): string | undefined => selectRules(policy, target).rules.branches?.[0];
const npm = (name: string): RuleTarget => ({ kind: 'package', ecosystem: 'npm', name });
const pypi = (name: string): RuleTarget => ({ kind: 'package', ecosystem: 'pypi', name });
const artifact = (name: string): RuleTarget => ({ kind: 'artifact', name });

describe('selectRules: npm names match whole', () => {
  it('does not take @evil/left-pad for left-pad, nor let * cross the scope', () => {
    expect(branchFor(npm('left-pad'))).toBe('left-pad');
    expect(branchFor(npm('@evil/left-pad'))).toBe('any');
    expect(branchFor(npm('@acme/util'))).toBe('acme');
    expect(branchFor(npm('@acme/util/x'))).toBe('any');
    expect(branchFor(npm('@acmex/util'))).toBe('any');
    expect(branchFor(npm('tiny'))).toBe('star');
    expect(branchFor(npm('left-pad2'))).toBe('star');
  });

  it('refuses a name that matches an entry only when case is ignored (ErrorPolicyViolation)', () => {
    expect(codeOf(() => selectRules(policy, npm('Left-Pad')))).toBe('ErrorPolicyViolation');
    expect(codeOf(() => selectRules(policy, npm('@ACME/util')))).toBe('ErrorPolicyViolation');
  });
});

describe('selectRules: PyPI names are canonical (PEP 503) on both sides', () => {
  it('selects match: hello_Py for Hello_Py, hello-py, HELLO.PY and hello__py', () => {
    for (const name of ['Hello_Py', 'hello-py', 'HELLO.PY', 'hello__py', 'hello-_.py']) expect(branchFor(pypi(name)), name).toBe('hello-py');
    expect(branchFor(pypi('hellopy'))).toBe('star');
    // A PyPI name is never read as an npm scope or a path.
    expect(branchFor(pypi('left_pad'))).toBe('left-pad');
  });
});

describe('selectRules: artifacts by basename, or by path when the pattern has a /', () => {
  it('matches patterns without / against the basename and with / against the path as given', () => {
    expect(branchFor(artifact('out/hello.bin'))).toBe('bin');
    expect(branchFor(artifact('dist/x.tgz'))).toBe('dist');
    expect(branchFor(artifact('./dist/x.tgz'))).toBe('dist');
    expect(branchFor(artifact('dist/../dist/x.tgz'))).toBe('dist');
    expect(branchFor(artifact('other/dist/x.tgz'))).toBe('star');
    expect(branchFor(artifact('left-pad'))).toBe('left-pad');
    expect(branchFor(artifact('@evil/left-pad'))).toBe('left-pad');
  });

  it('applies the top level to an artifact that names nothing (a digest argument)', () => {
    expect(branchFor(undefined)).toBe('top');
  });
});
