import { VerifyError } from '../errors/index.js';
import { parseGitRef, parseGitUriAndRef } from './git.js';
import { claim, subjects, type Claim, type ProvenanceClaims } from './provenance.js';
import { PREDICATE_SLSA_V02, type Statement } from './statement.js';

/**
 * A custom builder's provenance (a buildType no slsa-verifier reader knows):
 * the source, commit and ref come only from the fields SLSA itself defines,
 * never from builder-specific parameters:
 * - v0.2: `invocation.configSource` (uri with "@ref", digest.sha1, entryPoint);
 * - v1: the one `resolvedDependencies` entry with a git URI and a `gitCommit`
 *   digest (several different ones are ambiguous and fail).
 * A check that asks for a field the statement does not carry fails.
 */
export function readGenericProvenance(statement: Statement): ProvenanceClaims {
  const source = claim(() => genericSource(statement));
  const ref = (want: 'branch' | 'tag'): Claim<string> =>
    claim(() => {
      if (!source.ok) throw source.error;
      const { ref: full } = parseGitUriAndRef(source.value.uri);
      if (full === '') {
        throw new VerifyError(want === 'branch' ? 'ErrorMismatchBranch' : 'ErrorMismatchTag', `the statement's source "${source.value.uri}" names no ref (${source.value.field})`);
      }
      const { type } = parseGitRef(full);
      if (type === 'heads') return want === 'branch' ? full : '';
      if (type === 'tags') return want === 'tag' ? full : '';
      throw new VerifyError('ErrorInvalidDssePayload', `unknown ref type "${type}" for ref "${full}"`);
    });
  const v02 = statement.predicateType === PREDICATE_SLSA_V02;
  const uri: Claim<string> = source.ok ? { ok: true, value: source.value.uri } : source;
  return {
    kind: 'generic',
    predicateType: statement.predicateType,
    buildType: v02 ? statement.predicate.buildType : statement.predicate.buildDefinition.buildType,
    builderId: v02 ? statement.predicate.builder.id : statement.predicate.runDetails.builder.id,
    triggerUri: uri,
    triggerUriField: source.ok ? source.value.field : '',
    sourceUri: uri,
    sourceUriField: source.ok ? source.value.field : '',
    subjects: subjects(statement),
    branchRef: ref('branch'),
    tagRef: ref('tag'),
    workflowInputs: { ok: false, error: new VerifyError('ErrorMismatchWorkflowInputs', 'a custom builder\'s provenance has no workflow inputs to compare') },
    commit: source.ok ? source.value.commit : undefined,
    event: undefined,
  };
}

interface GenericSource {
  uri: string;
  field: string;
  commit: string | undefined;
}

function genericSource(statement: Statement): GenericSource {
  if (statement.predicateType === PREDICATE_SLSA_V02) {
    const config = statement.predicate.invocation.configSource;
    if (config.uri === '') throw new VerifyError('ErrorMismatchSource', 'the statement names no source (predicate.invocation.configSource.uri is empty)');
    return { uri: config.uri, field: 'predicate.invocation.configSource.uri', commit: ownString(config.digest, 'sha1') ?? ownString(config.digest, 'gitCommit') };
  }
  const git = statement.predicate.buildDefinition.resolvedDependencies.flatMap((d, i) =>
    d.uri.startsWith('git+') && ownString(d.digest, 'gitCommit') !== undefined ? [{ uri: d.uri, field: `predicate.buildDefinition.resolvedDependencies[${i}].uri`, commit: ownString(d.digest, 'gitCommit') }] : [],
  );
  const first = git[0];
  if (!first) throw new VerifyError('ErrorMismatchSource', 'the statement names no source (no resolvedDependencies entry with a git URI and a gitCommit digest)');
  if (git.some((g) => g.uri !== first.uri || g.commit !== first.commit)) {
    throw new VerifyError('ErrorInvalidDssePayload', `the statement names ${git.length} different git sources: which was built is ambiguous`);
  }
  return first;
}

function ownString(map: Record<string, string>, key: string): string | undefined {
  return Object.hasOwn(map, key) ? map[key] : undefined;
}
