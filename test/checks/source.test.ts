import { describe, expect, it } from 'vitest';
import { verifySourceUri } from '../../src/checks/source.js';
import { readProvenance } from '../../src/provenance/provenance.js';
import { byobV1, codeOf, DELEGATOR, GENERIC, generatorV02, REPO, statement, withField } from './fixtures.js';

const generic = (json = generatorV02()) => readProvenance(GENERIC, statement(json));
const byob = (json = byobV1()) => readProvenance(DELEGATOR, statement(json));

describe('verifySourceUri', () => {
  it('accepts the repository in each of its spellings', () => {
    for (const uri of [`github.com/${REPO}`, `https://github.com/${REPO}`, `git+https://github.com/${REPO}`]) {
      expect(verifySourceUri(generic(), uri)).toBe(`git+https://github.com/${REPO}@refs/tags/v1.2.3`);
    }
  });

  it('rejects forks and prefixes of the repository', () => {
    for (const uri of [`github.com/fork/octo-repo`, `github.com/${REPO}2`, `github.com/${REPO.slice(0, -1)}`, `github.com/${REPO}/`, `github.com/${REPO.toUpperCase()}`]) {
      expect(codeOf(() => verifySourceUri(generic(), uri)), uri).toBe('ErrorMismatchSource');
    }
  });

  it('only knows github.com', () => {
    expect(codeOf(() => verifySourceUri(generic(), `gitlab.com/${REPO}`))).toBe('ErrorMalformedURI');
    expect(codeOf(() => verifySourceUri(generic(), `http://github.com/${REPO}`))).toBe('ErrorMalformedURI');
    expect(codeOf(() => verifySourceUri(generic(), REPO))).toBe('ErrorMalformedURI');
  });

  it('requires trigger and source to agree, with refs', () => {
    const otherSource = withField(generatorV02(), 'predicate.materials.0.uri', 'git+https://github.com/fork/octo-repo@refs/tags/v1.2.3');
    expect(codeOf(() => verifySourceUri(generic(otherSource), `github.com/${REPO}`))).toBe('ErrorMismatchSource');
    const otherRef = withField(generatorV02(), 'predicate.materials.0.uri', `git+https://github.com/${REPO}@refs/tags/v1.2.4`);
    expect(codeOf(() => verifySourceUri(generic(otherRef), `github.com/${REPO}`))).toBe('ErrorInvalidDssePayload');
    const noRef = withField(generatorV02(), 'predicate.materials.0.uri', `git+https://github.com/${REPO}`);
    expect(codeOf(() => verifySourceUri(generic(noRef), `github.com/${REPO}`))).toBe('ErrorMalformedURI');
    const triggerNoRef = withField(generatorV02(), 'predicate.invocation.configSource.uri', `git+https://github.com/${REPO}`);
    expect(codeOf(() => verifySourceUri(generic(triggerNoRef), `github.com/${REPO}`))).toBe('ErrorMalformedURI');
    const notGit = withField(generatorV02(), 'predicate.invocation.configSource.uri', `https://github.com/${REPO}@v1`);
    expect(codeOf(() => verifySourceUri(generic(notGit), `github.com/${REPO}`))).toBe('ErrorMalformedURI');
  });

  it('lets a BYOB build omit the source ref, but not change it', () => {
    expect(verifySourceUri(byob(byobV1({ sourceRef: '' })), `github.com/${REPO}`)).toBe(`git+https://github.com/${REPO}`);
    expect(codeOf(() => verifySourceUri(byob(byobV1({ sourceRef: 'refs/tags/v9' })), `github.com/${REPO}`))).toBe('ErrorInvalidDssePayload');
  });

  it('fails closed when the provenance lacks the fields', () => {
    expect(codeOf(() => verifySourceUri(generic(withField(generatorV02(), 'predicate.materials', [])), `github.com/${REPO}`))).toBe('ErrorInvalidDssePayload');
    const noWorkflowRef = withField(byobV1(), 'predicate.buildDefinition.internalParameters.GITHUB_WORKFLOW_REF', undefined);
    expect(codeOf(() => verifySourceUri(byob(noWorkflowRef), `github.com/${REPO}`))).toBe('ErrorNotPresent');
  });
});
