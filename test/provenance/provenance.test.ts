import { describe, expect, it } from 'vitest';
import { readProvenance, type Claim } from '../../src/provenance/provenance.js';
import {
  attestationV1,
  BCR_PUBLISHER,
  byobV1,
  codeOf,
  DELEGATOR,
  GENERIC,
  GO_BUILDER,
  LOWPERMS_DELEGATOR,
  generatorV02,
  REPO,
  SHA,
  statement,
  withField,
} from '../checks/fixtures.js';

const CONTAINER_BASED = 'https://github.com/slsa-framework/slsa-github-generator/.github/workflows/builder_container-based_slsa3.yml';

function value<T>(c: Claim<T>): T {
  if (!c.ok) throw c.error;
  return c.value;
}
function code<T>(c: Claim<T>): string | undefined {
  return c.ok ? undefined : c.error.code;
}

describe('readProvenance: reader selection', () => {
  it('picks the reader from the certificate builder and the buildType', () => {
    expect(readProvenance(GENERIC, statement(generatorV02())).kind).toBe('v0.2-generator');
    const go = generatorV02({ buildType: 'https://github.com/slsa-framework/slsa-github-generator/go@v1' });
    expect(readProvenance(GO_BUILDER, statement(go)).kind).toBe('v0.2-generator');
    expect(readProvenance(DELEGATOR, statement(byobV1())).kind).toBe('v1-byob');
    expect(readProvenance(LOWPERMS_DELEGATOR, statement(byobV1())).kind).toBe('v1-byob');
    expect(readProvenance(BCR_PUBLISHER, statement(attestationV1())).kind).toBe('v1-github-attestation');
    const container = byobV1({ buildType: 'https://slsa.dev/container-based-build/v0.1?draft' });
    expect(readProvenance(CONTAINER_BASED, statement(container)).kind).toBe('v1-container-based');
  });

  it('fails closed on an unknown builder or buildType', () => {
    expect(codeOf(() => readProvenance('https://github.com/evil/repo/.github/workflows/x.yml', statement(generatorV02())))).toBe('ErrorInvalidBuilderID');
    // The generic generator writes v0.2 only.
    expect(codeOf(() => readProvenance(GENERIC, statement(byobV1())))).toBe('ErrorInvalidBuilderID');
    // A buildType of another builder.
    const go = generatorV02({ buildType: 'https://github.com/slsa-framework/slsa-github-generator/go@v1' });
    expect(codeOf(() => readProvenance(GENERIC, statement(go)))).toBe('ErrorInvalidBuildType');
    expect(codeOf(() => readProvenance(DELEGATOR, statement(attestationV1())))).toBe('ErrorInvalidBuildType');
  });
});

describe('readProvenance: v0.2 generator', () => {
  const read = (json = generatorV02()) => readProvenance(GENERIC, statement(json));

  it('reads trigger, source, refs, commit and event', () => {
    const p = read();
    expect(value(p.triggerUri)).toBe(`git+https://github.com/${REPO}@refs/tags/v1.2.3`);
    expect(value(p.sourceUri)).toBe(`git+https://github.com/${REPO}@refs/tags/v1.2.3`);
    expect(value(p.tagRef)).toBe('refs/tags/v1.2.3');
    expect(value(p.branchRef)).toBe('refs/heads/main');
    expect(p.commit).toBe(SHA);
    expect(p.event).toBe('push');
    expect(p.builderId).toBe(`${GENERIC}@refs/tags/v2.1.0`);
  });

  it('reads a branch build', () => {
    const p = read(generatorV02({ ref: 'refs/heads/dev', refType: 'branch' }));
    expect(value(p.branchRef)).toBe('refs/heads/dev');
    expect(value(p.tagRef)).toBe('');
  });

  it('derives the branch of a tag from the event', () => {
    expect(value(read(generatorV02({ baseRef: 'refs/heads/rel' })).branchRef)).toBe('refs/heads/rel');
    expect(value(read(generatorV02({ payload: { base_ref: null } })).branchRef)).toBe('');
    const release = generatorV02({ event: 'release', payload: { release: { target_commitish: 'stable' } } });
    expect(value(read(release).branchRef)).toBe('refs/heads/stable');
    expect(value(read(generatorV02({ event: 'workflow_dispatch' })).branchRef)).toBe('');
    expect(code(read(generatorV02({ event: 'release', payload: {} })).branchRef)).toBe('ErrorInvalidDssePayload');
  });

  it('reports missing or malformed fields with slsa-verifier codes', () => {
    expect(code(read(withField(generatorV02(), 'predicate.materials', [])).sourceUri)).toBe('ErrorInvalidDssePayload');
    expect(code(read(withField(generatorV02(), 'predicate.materials.0.uri', '')).sourceUri)).toBe('ErrorMalformedURI');
    expect(code(read(withField(generatorV02(), 'predicate.invocation.configSource', undefined)).triggerUri)).toBe('ErrorMalformedURI');
    expect(code(read(withField(generatorV02(), 'subject', [])).subjects)).toBe('ErrorInvalidDssePayload');
    expect(code(read(withField(generatorV02(), 'predicate.invocation.environment', 'x')).tagRef)).toBe('ErrorInvalidDssePayload');
    expect(code(read(withField(generatorV02(), 'predicate.invocation.environment.github_ref_type', 'pr')).tagRef)).toBe('ErrorInvalidDssePayload');
    // Uppercase keys are not what a generator writes: not found.
    const upper = withField(generatorV02(), 'predicate.invocation.environment', { GITHUB_REF_TYPE: 'tag', GITHUB_REF: 'refs/tags/v1' });
    expect(code(read(upper).tagRef)).toBe('ErrorInvalidDssePayload');
  });

  it('reads workflow_dispatch inputs only', () => {
    const dispatch = generatorV02({ event: 'workflow_dispatch', payload: { inputs: { version: '1.2.3' } } });
    expect(value(read(dispatch).workflowInputs)).toEqual({ version: '1.2.3' });
    expect(code(read(generatorV02()).workflowInputs)).toBe('ErrorMismatchWorkflowInputs');
    expect(code(read(generatorV02({ event: 'workflow_dispatch', payload: {} })).workflowInputs)).toBe('ErrorInvalidDssePayload');
  });
});

describe('readProvenance: v1 BYOB', () => {
  const read = (json = byobV1()) => readProvenance(DELEGATOR, statement(json));

  it('takes the trigger from GITHUB_WORKFLOW_REF and refs from the source', () => {
    const p = read();
    expect(value(p.triggerUri)).toBe(`git+https://github.com/${REPO}@refs/tags/v1.2.3`);
    expect(value(p.sourceUri)).toBe(`git+https://github.com/${REPO}@refs/tags/v1.2.3`);
    expect(value(p.tagRef)).toBe('refs/tags/v1.2.3');
    expect(value(p.branchRef)).toBe('refs/heads/main');
    expect(p.commit).toBe(SHA);
  });

  it('reads a branch from the source ref', () => {
    const p = read(byobV1({ ref: 'refs/heads/dev', refType: 'branch' }));
    expect(value(p.branchRef)).toBe('refs/heads/dev');
    expect(value(p.tagRef)).toBe('');
  });

  it('fails when the source has no ref or an odd one', () => {
    expect(code(read(byobV1({ sourceRef: '' })).tagRef)).toBe('ErrorInvalidDssePayload');
    expect(code(read(byobV1({ sourceRef: 'refs/pull/1/merge' })).branchRef)).toBe('ErrorInvalidDssePayload');
    expect(code(read(withField(byobV1(), 'predicate.buildDefinition.resolvedDependencies', [])).tagRef)).toBe('ErrorInvalidDssePayload');
  });

  it('needs GITHUB_WORKFLOW_REF for the trigger', () => {
    expect(code(read(withField(byobV1(), 'predicate.buildDefinition.internalParameters.GITHUB_WORKFLOW_REF', undefined)).triggerUri)).toBe('ErrorNotPresent');
    expect(code(read(withField(byobV1(), 'predicate.buildDefinition.internalParameters.GITHUB_WORKFLOW_REF', 'o/r/w.yml')).triggerUri)).toBe('ErrorInvalidFormat');
    expect(code(read(withField(byobV1(), 'predicate.buildDefinition.internalParameters.GITHUB_WORKFLOW_REF', 5)).triggerUri)).toBe('ErrorInvalidDssePayload');
    expect(code(read(withField(byobV1(), 'predicate.buildDefinition.internalParameters', null)).triggerUri)).toBe('ErrorInvalidDssePayload');
  });
});

describe('readProvenance: GitHub attestation', () => {
  const read = (json = attestationV1()) => readProvenance(BCR_PUBLISHER, statement(json));

  it('takes the trigger from externalParameters.workflow', () => {
    const p = read();
    expect(value(p.triggerUri)).toBe(`git+https://github.com/${REPO}@refs/heads/main`);
    expect(value(p.sourceUri)).toBe(`git+https://github.com/${REPO}@refs/heads/main`);
    expect(p.event).toBe('workflow_dispatch');
  });

  it('fails closed on a malformed workflow', () => {
    expect(code(read(withField(attestationV1(), 'predicate.buildDefinition.externalParameters.workflow', 'x')).triggerUri)).toBe('ErrorInvalidFormat');
    expect(code(read(withField(attestationV1(), 'predicate.buildDefinition.externalParameters.workflow.ref', undefined)).triggerUri)).toBe('ErrorInvalidFormat');
    expect(code(read(withField(attestationV1(), 'predicate.buildDefinition.externalParameters', null)).triggerUri)).toBe('ErrorInvalidDssePayload');
  });

  it('has no GITHUB_* context, so branch and tag cannot be read', () => {
    expect(code(read().branchRef)).toBe('ErrorInvalidDssePayload');
    expect(code(read().tagRef)).toBe('ErrorInvalidDssePayload');
  });
});
