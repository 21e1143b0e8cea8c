import { describe, expect, it } from 'vitest';
import { parseStatement } from '../../src/provenance/statement.js';
import { attestationV1, byobV1, bytes, codeOf, DIGEST, generatorV02, statement, withField } from '../checks/fixtures.js';

const TYPE = 'application/vnd.in-toto+json';

describe('parseStatement', () => {
  it('parses SLSA v0.2 and v1 provenance', () => {
    const v02 = statement(generatorV02());
    expect(v02.predicateType).toBe('https://slsa.dev/provenance/v0.2');
    expect(v02.subject[0]?.digest['sha256']).toBe(DIGEST);

    const v1 = statement(byobV1());
    expect(v1.predicateType).toBe('https://slsa.dev/provenance/v1');
    if (v1.predicateType === 'https://slsa.dev/provenance/v1') {
      expect(v1.predicate.buildDefinition.resolvedDependencies).toHaveLength(1);
    }
    expect(statement(attestationV1()).subject).toHaveLength(1);
  });

  it('requires the in-toto payload type', () => {
    expect(codeOf(() => parseStatement('application/json', bytes(generatorV02())))).toBe('ErrorInvalidDssePayload');
    expect(codeOf(() => parseStatement('', bytes(generatorV02())))).toBe('ErrorInvalidDssePayload');
  });

  it('rejects what is not JSON or not a statement object', () => {
    for (const payload of ['', '{', 'not json', '{"a":1} trailing', '[]', '"x"', '42']) {
      expect(codeOf(() => parseStatement(TYPE, bytes(payload))), payload).toBe('ErrorInvalidDssePayload');
    }
  });

  it('rejects unknown or missing predicate types', () => {
    expect(codeOf(() => statement(withField(generatorV02(), 'predicateType', 'https://slsa.dev/provenance/v0.1')))).toBe('ErrorInvalidDssePayload');
    expect(codeOf(() => statement(withField(generatorV02(), 'predicateType', undefined)))).toBe('ErrorInvalidDssePayload');
    expect(codeOf(() => parseStatement(TYPE, bytes('null')))).toBe('ErrorInvalidDssePayload');
  });

  it('rejects unknown keys in typed objects, as Go does with DisallowUnknownFields', () => {
    expect(codeOf(() => statement(withField(generatorV02(), 'extra', 1)))).toBe('ErrorInvalidDssePayload');
    expect(codeOf(() => statement(withField(generatorV02(), 'predicate.builder.version', 'x')))).toBe('ErrorInvalidDssePayload');
    expect(codeOf(() => statement(withField(generatorV02(), 'subject.0.uri', 'x')))).toBe('ErrorInvalidDssePayload');
    expect(codeOf(() => statement(withField(byobV1(), 'predicate.runDetails.extra', {})))).toBe('ErrorInvalidDssePayload');
    // A v1 field inside a v0.2 predicate is unknown there.
    expect(codeOf(() => statement(withField(generatorV02(), 'predicate.buildDefinition', {})))).toBe('ErrorInvalidDssePayload');
  });

  it('accepts anything inside the free-form fields', () => {
    const v02 = withField(generatorV02(), 'predicate.invocation.environment.anything', { nested: [1, null] });
    expect(codeOf(() => statement(withField(v02, 'predicate.buildConfig', { steps: [] })))).toBeUndefined();
    expect(codeOf(() => statement(withField(byobV1(), 'predicate.buildDefinition.externalParameters.x', [true])))).toBeUndefined();
  });

  it('reads null and missing typed fields as Go zero values', () => {
    const s = statement(withField(withField(generatorV02(), 'predicate.materials', null), 'predicate.metadata', null));
    expect(s.predicateType === 'https://slsa.dev/provenance/v0.2' && s.predicate.materials).toEqual([]);
    const noSubject = statement(withField(generatorV02(), 'subject', undefined));
    expect(noSubject.subject).toEqual([]);
    const nullDigest = statement(withField(generatorV02(), 'subject.0.digest.sha256', null));
    expect(nullDigest.subject[0]?.digest['sha256']).toBe('');
  });

  it('matches keys case-insensitively like Go, but refuses two keys for one field', () => {
    const json = generatorV02();
    const renamed = withField(withField(json, 'PredicateType', json['predicateType']), 'predicateType', undefined);
    expect(statement(renamed).predicateType).toBe('https://slsa.dev/provenance/v0.2');
    // Go folds U+017F LATIN SMALL LETTER LONG S to "s".
    const longS = withField(withField(json, '\u017fubject', json['subject']), 'subject', undefined);
    expect(statement(longS).subject).toHaveLength(1);
    const both = withField(json, 'Subject', [{ name: 'other', digest: { sha256: '0'.repeat(64) } }]);
    expect(codeOf(() => statement(both))).toBe('ErrorInvalidDssePayload');
  });

  it('rejects wrongly typed fields', () => {
    expect(codeOf(() => statement(withField(generatorV02(), 'subject', {})))).toBe('ErrorInvalidDssePayload');
    expect(codeOf(() => statement(withField(generatorV02(), 'subject.0.digest.sha256', 5)))).toBe('ErrorInvalidDssePayload');
    expect(codeOf(() => statement(withField(generatorV02(), 'predicate.builder.id', ['x'])))).toBe('ErrorInvalidDssePayload');
    expect(codeOf(() => statement(withField(generatorV02(), 'predicate.metadata.reproducible', 'no')))).toBe('ErrorInvalidDssePayload');
    expect(codeOf(() => statement(withField(generatorV02(), 'predicate.metadata.buildStartedOn', 'yesterday')))).toBe('ErrorInvalidDssePayload');
    expect(codeOf(() => statement(withField(generatorV02(), 'predicate.metadata.buildStartedOn', '2025-02-25T21:06:15Z')))).toBeUndefined();
    expect(codeOf(() => statement(withField(byobV1(), 'predicate.buildDefinition.resolvedDependencies.0.content', '!!')))).toBe('ErrorInvalidDssePayload');
  });
});
