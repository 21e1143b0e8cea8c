import { describe, expect, it } from 'vitest';
import { expectationFor } from '../../src/lockfile/package-rules.js';
import { parsePolicy } from '../../src/policy/load-policy.js';

const POLICY = parsePolicy(
  `version: 1
builders: [https://github.com/actions/runner/github-hosted]
sourceRepositories: [github.com/acme/*]
missingProvenance: warn
packages:
  - match: "@acme/util"
    sourceRepositories: [https://github.com/acme/util]
  - match: legacy-*
    missingProvenance: allow
`,
  'policy.yaml',
);

const npm = (name: string) => ({ ecosystem: 'npm' as const, name });

describe('expectationFor', () => {
  it('takes the one literal repository of the package entry, builders and missingProvenance', () => {
    expect(expectationFor(POLICY, npm('@acme/util'))).toMatchObject({
      sourceUri: 'github.com/acme/util',
      builderIds: ['https://github.com/actions/runner/github-hosted'],
      missingProvenance: 'warn',
    });
  });

  it('leaves the source unknown for a glob, and defaults missingProvenance to require', () => {
    expect(expectationFor(POLICY, npm('other')).sourceUri).toBeUndefined();
    expect(expectationFor(POLICY, npm('legacy-x')).missingProvenance).toBe('allow');
    expect(expectationFor(parsePolicy('version: 1\n', 'p'), npm('x')).missingProvenance).toBe('require');
  });
});
