import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NPM_BYOB_BUILDER, NPM_BYOB_DELEGATOR, npmTarball, type NpmFixtureOptions } from '../../src/tools/fixtures/npm.js';
import { overrideExtension } from '../../src/tools/fixtures/provenance.js';
import { npmArgs, writeNpmFixture, type NpmFixtureFiles } from '../npm/fixture-files.js';
import { runCli, type JsonReport } from './run-cli.js';

async function verify(args: string[]): Promise<{ status: number | null; report: JsonReport }> {
  const run = await runCli([...args, '--format', 'json']);
  return { status: run.status, report: JSON.parse(run.stdout) as JsonReport };
}

describe('verify-npm-package over test-PKI attestations', () => {
  it('passes the package as published, with slsa-verifier\'s output lines', async () => {
    const f = writeNpmFixture();
    const run = await runCli(npmArgs(f));
    expect(run.status).toBe(0);
    expect(run.stderr.split('\n').filter((l) => l !== '')).toEqual([
      expect.stringMatching(/^Verified build using builder https:\/\/github\.com\/actions\/runner\/github-hosted at commit [0-9a-f]{40}$/),
      `Verifying npm package ${f.tarball}: PASSED`,
      'PASSED: SLSA verification passed',
    ]);
  });

  it('reports the package checks and the sha512 digest in JSON', async () => {
    const f = writeNpmFixture();
    const { status, report } = await verify(npmArgs(f));
    expect(status).toBe(0);
    const artifact = report.artifacts[0]!;
    expect(Object.keys(artifact.digest ?? {})).toEqual(['sha512']);
    const ids = artifact.checks.filter((c) => c.status === 'pass').map((c) => c.id);
    expect(ids).toEqual(expect.arrayContaining(['certificate-match', 'package-name', 'package-version', 'subject-digest']));
  });

  it('checks --source-tag and --source-branch against the certificate-backed ref', async () => {
    const f = writeNpmFixture();
    expect((await verify(npmArgs(f, {}, ['--source-tag', 'v1.0.0']))).status).toBe(0);
    expect((await verify(npmArgs(f, {}, ['--source-versioned-tag', 'v1']))).status).toBe(0);
    const tag = await verify(npmArgs(f, {}, ['--source-tag', 'v1.0.1']));
    expect(tag.report.error?.code).toBe('ErrorMismatchTag');
    const branch = await verify(npmArgs(f, {}, ['--source-branch', 'main']));
    expect(branch.status).toBe(1);
    expect(branch.report.error?.code).toBe('ErrorInvalidRef');
    const onMain = writeNpmFixture({ ref: 'refs/heads/main' });
    expect((await verify(npmArgs(onMain, {}, ['--source-branch', 'main']))).status).toBe(0);
  });

  it.each([
    ['provenance subject', { provenanceName: '@slsa-verify-fixtures/evil' }],
    ['publish subject', { publishSubjectName: '@slsa-verify-fixtures/evil' }],
    ['publish predicate', { publishPredicateName: '@slsa-verify-fixtures/evil' }],
    ['tarball package.json', { manifestName: '@slsa-verify-fixtures/evil' }],
  ])('fails when the %s names another package', async (_where, options) => {
    const { status, report } = await verify(npmArgs(writeNpmFixture(options)));
    expect(status).toBe(1);
    expect(report.error?.code).toBe('ErrorMismatchPackageName');
  });

  it('fails on another package name or version than asked', async () => {
    const f = writeNpmFixture();
    expect((await verify(npmArgs(f, { '--package-name': '@slsa-verify-fixtures/hell' }))).report.error?.code).toBe('ErrorMismatchPackageName');
    expect((await verify(npmArgs(f, { '--package-version': '1.0.1' }))).report.error?.code).toBe('ErrorMismatchPackageVersion');
    const manifest = await verify(npmArgs(writeNpmFixture({ manifestVersion: '1.0.1' })));
    expect(manifest.report.error?.code).toBe('ErrorMismatchPackageVersion');
  });

  it('fails when the tarball is swapped for another', async () => {
    const other = npmTarball({ 'package/package.json': JSON.stringify({ name: '@slsa-verify-fixtures/hello', version: '1.0.0' }), 'package/index.js': 'evil()' });
    const { status, report } = await verify(npmArgs(writeNpmFixture({}, other)));
    expect(status).toBe(1);
    expect(report.error?.code).toBe('ErrorMismatchHash');
  });

  it('fails when the publish attestation is signed by a key the registry list does not hold', async () => {
    const { status, report } = await verify(npmArgs(writeNpmFixture({ registryKeyLabel: 'impostor-registry' })));
    expect(status).toBe(1);
    expect(report.error?.code).toBe('ErrorInvalidSignature');
  });

  it('fails when the registry key list lacks the signing key id', async () => {
    const f = writeNpmFixture();
    writeFileSync(f.registryKeys, JSON.stringify({ keys: [] }));
    const { status, report } = await verify(npmArgs(f));
    expect(status).toBe(1);
    expect(report.error?.code).toBe('ErrorInvalidPublicKey');
  });

  it('fails when npm CLI provenance claims what the certificate does not vouch for', async () => {
    const forged = writeNpmFixture({
      editProvenance: (s) => {
        const predicate = s['predicate'] as { buildDefinition: { internalParameters: { github: Record<string, string> } } };
        predicate.buildDefinition.internalParameters.github['repository_id'] = '1';
      },
    });
    const { status, report } = await verify(npmArgs(forged));
    expect(status).toBe(1);
    expect(report.error?.code).toBe('ErrorMismatchCertificate');
  });

  it('refuses a builder that is not the npm CLI and a mismatched source', async () => {
    const f = writeNpmFixture();
    expect((await verify(npmArgs(f, { '--builder-id': 'https://github.com/actions/runner2' }))).report.error?.code).toBe('ErrorNotSupported');
    expect((await verify(npmArgs(f, { '--source-uri': 'github.com/slsa-verify-fixtures/hello-npm2' }))).report.error?.code).toBe('ErrorMismatchSource');
  });

  it('needs --builder-id (exit 2) and fails closed on a damaged attestations file', async () => {
    const f = writeNpmFixture();
    const args = npmArgs(f);
    const i = args.indexOf('--builder-id');
    args.splice(i, 2);
    expect((await runCli(args)).status).toBe(2);
    writeFileSync(join(f.dir, 'attestations.json'), JSON.stringify({ attestations: [] }));
    const { status, report } = await verify(npmArgs(f));
    expect(status).toBe(1);
    expect(report.error?.code).toBe('ErrorInvalidFormat');
  });
});

type Json = Record<string, unknown>;
type Subject = { name: string; digest: Record<string, string> };
const subjectOf = (statement: Json): Subject => (statement['subject'] as Subject[])[0]!;
const HOSTED = 'https://github.com/actions/runner/github-hosted';
const LEGACY = 'https://github.com/actions/runner';

interface BundleJson {
  dsseEnvelope: { signatures: { keyid?: string }[] };
  verificationMaterial: { tlogEntries: unknown[]; publicKey?: { hint: string } };
}
const bundleOf = (entry: { bundle: unknown }): BundleJson => entry.bundle as BundleJson;

const buildDefinition = (s: Json): Json => (s['predicate'] as Json)['buildDefinition'] as Json;
/** Adds an own enumerable key to parent[field] (JSON.stringify writes it, even "__proto__"). */
function ownKey(parent: Json, field: string, key: string): void {
  Object.defineProperty(parent[field] as Json, key, { value: 'x', enumerable: true, configurable: true, writable: true });
}

/** Rewrites the unsigned attestation list around the signed bundles. */
function editAttestationList(f: NpmFixtureFiles, edit: (list: { predicateType: string; bundle: unknown }[]) => void): NpmFixtureFiles {
  const doc = JSON.parse(readFileSync(f.attestations, 'utf8')) as { attestations: { predicateType: string; bundle: unknown }[] };
  edit(doc.attestations);
  writeFileSync(f.attestations, JSON.stringify(doc));
  return f;
}

async function failsWith(f: NpmFixtureFiles, code: string, overrides: Record<string, string> = {}, extra: string[] = []): Promise<void> {
  const { status, report } = await verify(npmArgs(f, overrides, extra));
  expect({ status, code: report.error?.code }).toEqual({ status: 1, code });
}

describe('verify-npm-package: the runner claim of npm CLI provenance (Fulcio 1.11)', () => {
  it('passes a GitHub-hosted runner; the short builder ID has no reader for v1 provenance, as in slsa-verifier', async () => {
    const f = writeNpmFixture();
    expect((await verify(npmArgs(f))).status).toBe(0);
    await failsWith(f, 'ErrorInvalidBuilderID', { '--builder-id': LEGACY });
  });

  it.each([
    ['self-hosted', 'self-hosted', HOSTED, 'ErrorMismatchBuilderID'],
    ['self-hosted, legacy builder ID', 'self-hosted', LEGACY, 'ErrorMismatchBuilderID'],
    ['absent', null, HOSTED, 'ErrorNotSupported'],
    ['absent, legacy builder ID', null, LEGACY, 'ErrorNotSupported'],
    ['unknown', 'GitHub-Hosted', HOSTED, 'ErrorNotSupported'],
    ['empty', '', HOSTED, 'ErrorNotSupported'],
  ])('refuses a runner that is %s', async (_name, runner, builderId, code) => {
    await failsWith(writeNpmFixture({ runnerEnvironment: runner }), code, { '--builder-id': builderId });
  });

  it('takes the builder IDs exactly, as slsa-verifier does (a runner has no version)', async () => {
    await failsWith(writeNpmFixture(), 'ErrorNotSupported', { '--builder-id': `${HOSTED}@v1` });
    await failsWith(writeNpmFixture(), 'ErrorNotSupported', { '--builder-id': 'https://github.com/actions/runner/self-hosted' });
  });
});

describe('verify-npm-package: a BYOB builder (builder_nodejs_slsa3.yml through the delegator)', () => {
  const at = (ref: string): NpmFixtureOptions => ({ byobBuilder: `${NPM_BYOB_BUILDER}@${ref}` });

  it('passes the builder at a release tag and names the delegator, as slsa-verifier prints it', async () => {
    const run = await runCli(npmArgs(writeNpmFixture(at('refs/tags/v1.6.0'))));
    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(new RegExp(`^Verified build using builder ${NPM_BYOB_DELEGATOR.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}@refs/tags/v2\\.1\\.0 at commit [0-9a-f]{40}\n`));
  });

  it.each([
    ['a branch', 'refs/heads/main', 'ErrorInvalidRef'],
    ['a prerelease tag', 'refs/tags/v1.6.0-rc.1', 'ErrorInvalidRef'],
    ['a two-part tag', 'refs/tags/v1.6', 'ErrorInvalidRef'],
    ['a pull request ref', 'refs/pull/7/merge', 'ErrorInvalidRef'],
  ])('refuses the builder at %s (verify-artifact\'s rule for delegated builders)', async (_name, ref, code) => {
    await failsWith(writeNpmFixture(at(ref)), code);
  });

  it('refuses a builder without a ref, another builder, and a delegator on a self-hosted runner', async () => {
    await failsWith(writeNpmFixture({ byobBuilder: NPM_BYOB_BUILDER }), 'ErrorInvalidBuilderID');
    const other = writeNpmFixture({ byobBuilder: `${NPM_BYOB_BUILDER.replace('nodejs', 'evil')}@refs/tags/v1.6.0` });
    await failsWith(other, 'ErrorMismatchBuilderID', { '--builder-id': NPM_BYOB_BUILDER });
    await failsWith(writeNpmFixture({ ...at('refs/tags/v1.6.0'), runnerEnvironment: 'self-hosted' }), 'ErrorMismatchBuilderID');
  });
});

describe('verify-npm-package: --build-workflow-input names that a plain object would lose', () => {
  // Signed inputs of a workflow_dispatch BYOB build; only a BYOB provenance records them.
  const inputs: Record<string, string> = JSON.parse('{"__proto__":"p","constructor":"c","toString":"t","version":"1.0.0"}') as Record<string, string>;
  const dispatched = writeNpmFixture({ byobBuilder: `${NPM_BYOB_BUILDER}@refs/tags/v1.6.0`, workflowInputs: inputs });
  const plain = writeNpmFixture({ byobBuilder: `${NPM_BYOB_BUILDER}@refs/tags/v1.6.0`, workflowInputs: { version: '1.0.0' } });
  const flags = (...pairs: string[]) => pairs.flatMap((p) => ['--build-workflow-input', p]);

  it('matches each signed input by its own name', async () => {
    const { status, report } = await verify(npmArgs(dispatched, {}, flags('__proto__=p', 'constructor=c', 'toString=t', 'version=1.0.0')));
    expect(status).toBe(0);
    expect(report.artifacts[0]!.checks.find((c) => c.id === 'workflow-inputs')).toMatchObject({ status: 'pass', expected: '__proto__=p,constructor=c,toString=t,version=1.0.0' });
  });

  it.each(['__proto__=x', 'constructor=x', 'toString=x'])('fails %s against another signed value', async (pair) => {
    await failsWith(dispatched, 'ErrorMismatchWorkflowInputs', {}, flags(pair));
  });

  it.each(['__proto__=p', 'constructor=c', 'toString=t', 'hasOwnProperty=h'])('fails %s when the provenance has no such input', async (pair) => {
    await failsWith(plain, 'ErrorMismatchWorkflowInputs', {}, flags(pair));
  });

  it('refuses an empty name and a name given twice (exit 2)', async () => {
    for (const pairs of [['=x'], ['version=1.0.0', 'version=1.0.0'], ['__proto__=a', '__proto__=b']]) {
      const run = await runCli(npmArgs(dispatched, {}, flags(...pairs)));
      expect({ pairs, status: run.status }).toEqual({ pairs, status: 2 });
    }
  });

  it('npm CLI provenance records no inputs: any expected input fails', async () => {
    await failsWith(writeNpmFixture(), 'ErrorInvalidDssePayload', {}, flags('__proto__=x'));
  });
});

describe('verify-npm-package: hostile but validly signed evidence', () => {
  const edit = (fn: (s: Json) => void) => fn;

  it.each<[string, NpmFixtureOptions, string]>([
    // Names: scope, case and encodings.
    ['an unscoped provenance subject', { provenanceName: 'hello' }, 'ErrorMismatchPackageName'],
    ['a publish subject in another scope', { publishSubjectName: '@evil/hello' }, 'ErrorMismatchPackageName'],
    ['a publish predicate name without the scope', { publishPredicateName: 'hello' }, 'ErrorMismatchPackageName'],
    ['a tarball package.json name in another case', { manifestName: '@slsa-verify-fixtures/Hello' }, 'ErrorMismatchPackageName'],
    ['a purl with a qualifier', { editProvenance: edit((s) => { subjectOf(s).name += '?arch=x64'; }) }, 'ErrorMismatchPackageVersion'],
    ['a purl with a second @', { editProvenance: edit((s) => { subjectOf(s).name += '@2.0.0'; }) }, 'ErrorInvalidPackageName'],
    ['a purl with a bad escape', { editProvenance: edit((s) => { subjectOf(s).name = 'pkg:npm/%4@slsa-verify-fixtures/hello@1.0.0'; }) }, 'ErrorInvalidEncoding'],
    ['a subject that is not an npm purl', { editProvenance: edit((s) => { subjectOf(s).name = 'pkg:pypi/hello@1.0.0'; }) }, 'ErrorInvalidPackageName'],
    // Versions that disagree between copies.
    ['a publish predicate of another version', { editPublish: edit((s) => { (s['predicate'] as Json)['version'] = '1.0.1'; }) }, 'ErrorMismatchPackageVersion'],
    ['a publish subject of another version', { editPublish: edit((s) => { subjectOf(s).name = 'pkg:npm/%40slsa-verify-fixtures/hello@1.0.1'; }) }, 'ErrorMismatchPackageVersion'],
    ['a tarball package.json of another version', { manifestVersion: '1.0.0-rc.1' }, 'ErrorMismatchPackageVersion'],
    // Certificate claims in two OIDs that disagree (v1 vs v2), or with the SAN.
    ['1.5 and 1.12 naming two repositories', { editExtensions: (e) => overrideExtension(e, 5, 'evil/hello-npm') }, 'ErrorInvalidFormat'],
    ['1.3 and 1.13 naming two commits', { editExtensions: (e) => overrideExtension(e, 3, 'a'.repeat(40)) }, 'ErrorInvalidFormat'],
    ['1.2 and 1.20 naming two triggers', { editExtensions: (e) => overrideExtension(e, 2, 'workflow_dispatch') }, 'ErrorInvalidFormat'],
    ['1.1 and 1.8 naming two issuers', { editExtensions: (e) => overrideExtension(e, 1, 'https://issuer.evil.example') }, 'ErrorInvalidFormat'],
    ['1.6 and 1.14 naming two refs', { editExtensions: (e) => overrideExtension(e, 6, 'refs/heads/evil') }, 'ErrorInvalidFormat'],
    ['1.9 naming another signer than the SAN', { editExtensions: (e) => overrideExtension(e, 9, 'https://github.com/evil/x/.github/workflows/w.yml@refs/tags/v1.0.0') }, 'ErrorInvalidFormat'],
    ['1.12 naming another repository than 1.18', { editExtensions: (e) => overrideExtension(overrideExtension(e, 5, 'evil/hello-npm'), 12, 'https://github.com/evil/hello-npm') }, 'ErrorInvalidFormat'],
    // The provenance claims what the certificate does not say.
    ['a provenance commit the certificate does not name', { editProvenance: edit((s) => {
      ((s['predicate'] as { buildDefinition: { resolvedDependencies: { digest: Json }[] } }).buildDefinition.resolvedDependencies[0]!.digest)['gitCommit'] = 'b'.repeat(40);
    }) }, 'ErrorMismatchCertificate'],
    ['a provenance workflow ref the certificate does not name', { editProvenance: edit((s) => {
      ((s['predicate'] as { buildDefinition: { externalParameters: { workflow: Json } } }).buildDefinition.externalParameters.workflow)['ref'] = 'refs/tags/v9.9.9';
    }) }, 'ErrorInvalidDssePayload'],
    ['a provenance repository id the certificate does not name', { editProvenance: edit((s) => {
      ((s['predicate'] as { buildDefinition: { internalParameters: { github: Json } } }).buildDefinition.internalParameters.github)['repository_owner_id'] = '1';
    }) }, 'ErrorMismatchCertificate'],
    // Keys a plain object would hide, in the maps the certificate must vouch for key by key.
    ['an internalParameters.github key "__proto__"', { editProvenance: edit((s) => { ownKey(buildDefinition(s)['internalParameters'] as Json, 'github', '__proto__'); }) }, 'ErrorMismatchCertificate'],
    ['an externalParameters key "__proto__"', { editProvenance: edit((s) => { ownKey(buildDefinition(s), 'externalParameters', '__proto__'); }) }, 'ErrorMismatchCertificate'],
    ['an externalParameters.workflow key "constructor"', { editProvenance: edit((s) => { ownKey(buildDefinition(s)['externalParameters'] as Json, 'workflow', 'constructor'); }) }, 'ErrorMismatchCertificate'],
    ['an internalParameters key "toString"', { editProvenance: edit((s) => { ownKey(buildDefinition(s), 'internalParameters', 'toString'); }) }, 'ErrorMismatchCertificate'],
    // Statement and envelope types.
    ['a provenance payloadType other than in-toto', { provenancePayloadType: 'application/json' }, 'ErrorInvalidDssePayload'],
    ['a publish payloadType other than in-toto', { publishPayloadType: 'application/json' }, 'ErrorInvalidDssePayload'],
    ['a publish statement of another predicate type', { editPublish: edit((s) => { s['predicateType'] = 'https://slsa.dev/provenance/v1'; }) }, 'ErrorInvalidDssePayload'],
    ['a publish statement of an unknown _type', { editPublish: edit((s) => { s['_type'] = 'https://in-toto.io/Statement/v0.2'; }) }, 'ErrorInvalidDssePayload'],
    ['a provenance statement of an unknown _type', { editProvenance: edit((s) => { s['_type'] = 'https://in-toto.io/Statement/v0.2'; }) }, 'ErrorInvalidDssePayload'],
    // Digests: algorithm, case, length.
    ['a publish subject with sha256 only', { editPublish: edit((s) => { subjectOf(s).digest = { sha256: 'a'.repeat(64) }; }) }, 'ErrorMismatchHash'],
    ['a provenance subject with sha256 only', { editProvenance: edit((s) => { subjectOf(s).digest = { sha256: 'a'.repeat(64) }; }) }, 'ErrorMismatchHash'],
    ['a publish sha512 in upper-case hex', { editPublish: edit((s) => { subjectOf(s).digest['sha512'] = subjectOf(s).digest['sha512']!.toUpperCase(); }) }, 'ErrorMismatchHash'],
    ['a provenance sha512 in upper-case hex', { editProvenance: edit((s) => { subjectOf(s).digest['sha512'] = subjectOf(s).digest['sha512']!.toUpperCase(); }) }, 'ErrorMismatchHash'],
    ['a publish sha512 one digit short', { editPublish: edit((s) => { subjectOf(s).digest['sha512'] = subjectOf(s).digest['sha512']!.slice(0, 127); }) }, 'ErrorMismatchHash'],
    ['a provenance sha512 one digit long', { editProvenance: edit((s) => { subjectOf(s).digest['sha512'] += '0'; }) }, 'ErrorMismatchHash'],
    ['a provenance digest keyed SHA512', { editProvenance: edit((s) => { subjectOf(s).digest = { SHA512: subjectOf(s).digest['sha512']! }; }) }, 'ErrorMismatchHash'],
    ['a "__proto__" digest entry that is not a string', { editProvenance: edit((s) => {
      subjectOf(s).digest = JSON.parse(`{"__proto__":{"sha512":"x"},"sha512":"${subjectOf(s).digest['sha512']!}"}`) as Record<string, string>;
    }) }, 'ErrorInvalidDssePayload'],
    ['a publish "__proto__" digest entry that is not a string', { editPublish: edit((s) => {
      subjectOf(s).digest = JSON.parse(`{"__proto__":{"sha512":"x"},"sha512":"${subjectOf(s).digest['sha512']!}"}`) as Record<string, string>;
    }) }, 'ErrorInvalidDssePayload'],
    // Several subjects.
    ['two publish subjects', { editPublish: edit((s) => { (s['subject'] as Subject[]).push({ name: 'pkg:npm/other@1.0.0', digest: { sha512: 'b'.repeat(128) } }); }) }, 'ErrorInvalidSubject'],
    ['two provenance subjects', { editProvenance: edit((s) => { (s['subject'] as Subject[]).push({ name: 'pkg:npm/other@1.0.0', digest: { sha512: 'b'.repeat(128) } }); }) }, 'ErrorNonVerifiableClaim'],
  ])('fails on %s', async (_name, options, code) => {
    await failsWith(writeNpmFixture(options), code);
  });

  it.each<[string, (list: { predicateType: string; bundle: unknown }[]) => void, string]>([
    ['the provenance twice', (l) => { l.push(l[1]!); }, 'ErrorInvalidFormat'],
    ['the publish attestation twice', (l) => { l.push(l[0]!); }, 'ErrorInvalidFormat'],
    ['no publish attestation', (l) => { l.splice(0, 1, { predicateType: 'https://example.com/other', bundle: {} }); }, 'ErrorInvalidFormat'],
    ['a provenance listed as v0.2 that is signed as v1', (l) => { l[1]!.predicateType = 'https://slsa.dev/provenance/v0.2'; }, 'ErrorInvalidDssePayload'],
    ['a publish attestation listed as another version than signed', (l) => { l[0]!.predicateType = 'https://github.com/npm/attestation/tree/main/specs/publish/v0.2'; }, 'ErrorInvalidDssePayload'],
    ['the two bundles swapped under their types', (l) => { [l[0]!.bundle, l[1]!.bundle] = [l[1]!.bundle, l[0]!.bundle]; }, 'ErrorInvalidCertificate'],
    ['a provenance signature given twice', (l) => { const sigs = bundleOf(l[1]!).dsseEnvelope.signatures; sigs.push(sigs[0]!); }, 'ErrorInvalidFormat'],
    ['a publish signature given twice', (l) => { const sigs = bundleOf(l[0]!).dsseEnvelope.signatures; sigs.push(sigs[0]!); }, 'ErrorInvalidFormat'],
    ['no publish signature', (l) => { bundleOf(l[0]!).dsseEnvelope.signatures = []; }, 'ErrorInvalidFormat'],
    ['no provenance log entry', (l) => { bundleOf(l[1]!).verificationMaterial.tlogEntries = []; }, 'ErrorNoValidRekorEntries'],
    ['no publish log entry', (l) => { bundleOf(l[0]!).verificationMaterial.tlogEntries = []; }, 'ErrorNeedsLogLookup'],
    ['a publish log entry given twice', (l) => { const e = bundleOf(l[0]!).verificationMaterial.tlogEntries; e.push(e[0]); }, 'ErrorNoValidRekorEntries'],
    ['the publish log entry under the provenance', (l) => { bundleOf(l[1]!).verificationMaterial.tlogEntries = bundleOf(l[0]!).verificationMaterial.tlogEntries; }, 'ErrorNoValidRekorEntries'],
    ['a publish signature naming another key id', (l) => { bundleOf(l[0]!).dsseEnvelope.signatures[0]!.keyid = 'SHA256:other'; }, 'ErrorInvalidSignature'],
    ['a publish key hint the registry does not list', (l) => { bundleOf(l[0]!).verificationMaterial.publicKey = { hint: 'SHA256:other' }; }, 'ErrorInvalidPublicKey'],
    ['a publish attestation carrying the provenance certificate', (l) => { bundleOf(l[0]!).verificationMaterial = bundleOf(l[1]!).verificationMaterial; }, 'ErrorInvalidFormat'],
  ])('fails on an attestation list with %s', async (_name, editList, code) => {
    await failsWith(editAttestationList(writeNpmFixture(), editList), code);
  });

  it('fails on the publish attestation of another version, validly signed', async () => {
    const other = JSON.parse(readFileSync(writeNpmFixture({ version: '1.0.1', manifestVersion: '1.0.0' }).attestations, 'utf8')) as { attestations: unknown[] };
    await failsWith(editAttestationList(writeNpmFixture(), (l) => { l[0] = other.attestations[0] as never; }), 'ErrorMismatchPackageVersion');
    await failsWith(editAttestationList(writeNpmFixture(), (l) => { l[1] = other.attestations[1] as never; }), 'ErrorMismatchPackageVersion');
  });

  const published = writeNpmFixture();
  it.each(['hello', '@slsa-verify-fixtures/Hello', '@SLSA-verify-fixtures/hello', '@slsa-verify-fixtures/hello ', 'slsa-verify-fixtures/hello'])(
    'compares names exactly: --package-name "%s" is another package',
    async (name) => failsWith(published, 'ErrorMismatchPackageName', { '--package-name': name }),
  );
  it.each(['v1.0.0', '1.0', '1.0.0+build', '1.0.0-rc.1'])('compares versions exactly: --package-version %s is another version', async (version) =>
    failsWith(published, 'ErrorMismatchPackageVersion', { '--package-version': version }),
  );

  it('accepts the purl spellings Go decodes to the same name (an unescaped @ or an escaped /)', async () => {
    for (const name of ['pkg:npm/@slsa-verify-fixtures/hello@1.0.0', 'pkg:npm/%40slsa-verify-fixtures%2Fhello@1.0.0']) {
      const f = writeNpmFixture({ editProvenance: (s) => { subjectOf(s).name = name; } });
      expect((await verify(npmArgs(f))).status).toBe(0);
    }
  });
});
