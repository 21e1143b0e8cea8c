import { mkdtempSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { attestationRun, fixtureBytes, ghAttestationSet, ownWorkflow } from '../../src/tools/fixtures/gh-attestation.js';
import { messageBundleSet } from '../../src/tools/fixtures/message-bundle.js';
import { runCli } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'attestation-verify-'));
const write = (name: string, content: string | Buffer): string => {
  writeFileSync(join(dir, name), content);
  return join(dir, name);
};

const APP = fixtureBytes('attestation-verify/app');
const OTHER = fixtureBytes('attestation-verify/other');
const run = attestationRun();
const TRW = { workflow: 'https://github.com/slsa-verify-fixtures/trw/.github/workflows/build.yml', ref: 'refs/tags/v1.0.0', sha: 'a'.repeat(40) };
const subjects = [{ name: 'app.bin', bytes: APP }];
const set = await ghAttestationSet([
  { id: 'good', subjects },
  { id: 'other-artifact', subjects: [{ name: 'other.bin', bytes: OTHER }] },
  { id: 'reusable', subjects, signer: TRW },
  { id: 'self-hosted', subjects, extensions: { 11: 'self-hosted' } },
  { id: 'sbom', subjects, predicateType: 'https://spdx.dev/Document/v2.3', predicate: () => ({ spdxVersion: 'SPDX-2.3' }) },
  { id: 'tampered', subjects, tamper: (p) => Buffer.from(p.toString().replace('refs/heads/main', 'refs/heads/mainx')) },
  { id: 'lying-builder', subjects, predicate: (p) => withRunDetails(p, { builder: { id: 'https://github.com/slsa-framework/slsa-github-generator/.github/workflows/generator_generic_slsa3.yml@refs/tags/v2.1.0' } }) },
  { id: 'lying-ref', subjects, predicate: (p) => withWorkflow(p, { ref: 'refs/tags/v9.9.9' }) },
  { id: 'lying-invocation', subjects, predicate: (p) => withRunDetails(p, { metadata: { invocationId: 'https://github.com/slsa-verify-fixtures/hello/actions/runs/1/attempts/1' } }) },
  { id: 'lying-runner', subjects, extensions: { 11: 'self-hosted' }, predicate: (p) => withGithub(p, { runner_environment: 'github-hosted' }) },
  { id: 'unknown-parameter', subjects, predicate: (p) => withWorkflow(p, { inputs: { debug: 'true' } }) },
  { id: 'private', subjects, evidence: 'timestamp' },
  { id: 'private-2', subjects, evidence: 'timestamp', run: { ...run, runId: '15000000002' } },
  { id: 'both', subjects, evidence: 'both' },
  { id: 'unknown-build-type', subjects, predicate: (p) => ({ ...p, buildDefinition: { ...(p['buildDefinition'] as object), buildType: 'https://example.test/build/v1' } }) },
]);
const bundle = (id: string): string => JSON.stringify(set.bundles.get(id));
const root = write('trusted_root.json', JSON.stringify(set.trustedRoot));
const tsaOnlyRoot = write('tsa-only-root.json', JSON.stringify(set.tsaOnlyRoot));
const fullRoot = write('full-root.json', JSON.stringify(set.fullRoot));
type BundleJson = { verificationMaterial: Record<string, unknown> };
const withMaterial = (id: string, patch: (m: Record<string, unknown>) => Record<string, unknown>): string => {
  const b = structuredClone(set.bundles.get(id)) as BundleJson;
  return JSON.stringify({ ...b, verificationMaterial: patch(b.verificationMaterial) });
};
const app = write('app.bin', APP);
const files = {
  json: write('good.sigstore.json', JSON.stringify(set.bundles.get('good'), null, 2)),
  jsonl: write('good.jsonl', `${bundle('good')}\n`),
  wrapped: write('wrapped.jsonl', `${JSON.stringify({ bundle: set.bundles.get('good'), repository_id: 873202431 })}\n`),
  twoSigners: write('two-signers.jsonl', `${bundle('reusable')}\n${bundle('good')}\n`),
  withSbom: write('with-sbom.jsonl', `${bundle('sbom')}\n${bundle('good')}\n`),
  junk: write('junk.jsonl', `${bundle('good')}\nnot json\n`),
  duplicate: write('duplicate.jsonl', `${bundle('good')}\n${bundle('good')}\n`),
  otherArtifact: write('other-artifact.jsonl', `${bundle('good')}\n${bundle('other-artifact')}\n`),
  bareArray: write('array.json', `[${bundle('good')}]`),
};
const one = (id: string): string => write(`${id}.jsonl`, `${bundle(id)}\n`);

function withRunDetails(p: Record<string, unknown>, patch: object): Record<string, unknown> {
  return { ...p, runDetails: { ...(p['runDetails'] as object), ...patch } };
}
function withDefinition(p: Record<string, unknown>, patch: (d: Record<string, unknown>) => object): Record<string, unknown> {
  return { ...p, buildDefinition: patch(p['buildDefinition'] as Record<string, unknown>) };
}
function withWorkflow(p: Record<string, unknown>, patch: object): Record<string, unknown> {
  return withDefinition(p, (d) => ({ ...d, externalParameters: { workflow: { ...((d['externalParameters'] as { workflow: object }).workflow), ...patch } } }));
}
function withGithub(p: Record<string, unknown>, patch: object): Record<string, unknown> {
  return withDefinition(p, (d) => ({ ...d, internalParameters: { github: { ...((d['internalParameters'] as { github: object }).github), ...patch } } }));
}

interface AttestationReport {
  verdict: string;
  error: { code: string; message: string } | null;
  attestations: { line: number; status: string; signer: string | null; reason: { code: string } | null }[];
}

async function verify(bundlePath: string, ...flags: string[]): Promise<{ status: number | null; report: AttestationReport | undefined; stderr: string }> {
  const result = await runCli(['attestation', 'verify', '--bundle', bundlePath, '--custom-trusted-root', root, '--format', 'json', ...flags, app]);
  let report: AttestationReport | undefined;
  try {
    report = JSON.parse(result.stdout) as AttestationReport;
  } catch {
    report = undefined;
  }
  return { status: result.status, report, stderr: result.stderr };
}

async function expectFailure(code: string, bundlePath: string, ...flags: string[]): Promise<void> {
  const { status, report } = await verify(bundlePath, ...flags);
  expect(report?.error?.code, JSON.stringify(report?.error)).toBe(code);
  expect(report?.verdict).toBe('FAILED');
  expect(status).toBe(1);
}

describe('attestation verify (gh attestation verify --bundle, offline)', () => {
  it('passes for the attestation of the own workflow, by owner or repo, as a bundle, a .jsonl and an API-wrapped line', async () => {
    for (const file of [files.json, files.jsonl, files.wrapped]) {
      for (const flags of [['--owner', 'slsa-verify-fixtures'], ['--repo', 'slsa-verify-fixtures/hello'], ['-R', 'SLSA-verify-fixtures/Hello']]) {
        const { status, report } = await verify(file, ...flags);
        expect(report?.error).toBeNull();
        expect(status).toBe(0);
      }
    }
    const text = await runCli(['attestation', 'verify', app, '--bundle', files.jsonl, '--owner', 'slsa-verify-fixtures', '--custom-trusted-root', root]);
    expect(text.stderr).toContain('PASSED: attestation verification passed');
    expect(text.stderr).toContain('Build workflow:. .github/workflows/release.yml@refs/heads/main');
    expect(text.status).toBe(0);
  });

  it('inspect suggests the attestation verify line that passes', async () => {
    const inspected = await runCli(['inspect', files.jsonl, '--format', 'json']);
    const suggested = (JSON.parse(inspected.stdout) as { attestations: { suggestedCommand: string | null }[] }).attestations[0]?.suggestedCommand;
    expect(suggested).toBe(`slsa-verify attestation verify --bundle ${files.jsonl} --repo slsa-verify-fixtures/hello -- app.bin`);
    const argv = suggested!.split(' ').slice(1, -1);
    const result = await runCli([...argv.slice(0, -1), '--custom-trusted-root', root, '--', app]);
    expect(result.stderr).toContain('PASSED');
    expect(result.status).toBe(0);
  });

  it('accepts the artifact as a sha256: digest', async () => {
    const digest = `sha256:${createHash('sha256').update(APP).digest('hex')}`;
    const result = await runCli(['attestation', 'verify', digest, '--bundle', files.jsonl, '--owner', 'slsa-verify-fixtures', '--custom-trusted-root', root]);
    expect(result.status).toBe(0);
  });

  it('refuses another identity: owner, a fork-like owner prefix, repository, issuer', async () => {
    await expectFailure('ErrorMismatchCertificate', files.jsonl, '--owner', 'evil');
    await expectFailure('ErrorMismatchCertificate', files.jsonl, '--owner', 'slsa-verify');
    await expectFailure('ErrorMismatchCertificate', files.jsonl, '--repo', 'slsa-verify-fixtures/hello2');
    await expectFailure('ErrorMismatchCertificate', files.jsonl, '--repo', 'slsa-verify-fixtures/hell');
    await expectFailure('ErrorInvalidOIDCIssuer', files.jsonl, '--owner', 'slsa-verify-fixtures', '--cert-oidc-issuer', 'https://token.actions.example.test');
  });

  it('a reusable workflow signs: --repo alone refuses it, --signer-repo / --signer-workflow / --cert-identity name it', async () => {
    const reusable = one('reusable');
    await expectFailure('ErrorMismatchCertificate', reusable, '--repo', 'slsa-verify-fixtures/hello');
    for (const flags of [
      ['--signer-repo', 'slsa-verify-fixtures/trw'],
      ['--signer-workflow', 'slsa-verify-fixtures/trw/.github/workflows/build.yml'],
      ['--signer-workflow', 'github.com/slsa-verify-fixtures/trw/.github/workflows/build.yml'],
      ['--cert-identity', `${TRW.workflow}@${TRW.ref}`],
      ['--cert-identity-regex', 'https://github\\.com/slsa-verify-fixtures/trw/.*'],
    ]) {
      const { status, report } = await verify(reusable, '--repo', 'slsa-verify-fixtures/hello', ...flags);
      expect(report?.error, flags.join(' ')).toBeNull();
      expect(status).toBe(0);
    }
    await expectFailure('ErrorMismatchCertificate', reusable, '--repo', 'slsa-verify-fixtures/hello', '--signer-workflow', 'slsa-verify-fixtures/trw/.github/workflows/build');
    await expectFailure('ErrorMismatchCertificate', reusable, '--repo', 'slsa-verify-fixtures/hello', '--signer-workflow', 'slsa-verify-fixtures/trw/.github/workflows/other.yml');
    // Anchored: a prefix is not the whole SAN.
    await expectFailure('ErrorMismatchCertificate', reusable, '--repo', 'slsa-verify-fixtures/hello', '--cert-identity-regex', 'https://github\\.com/slsa-verify-fixtures/trw/');
    // The source repository (1.12) is still the user's: another repository's run fails even with the right signer.
    await expectFailure('ErrorMismatchSource', reusable, '--repo', 'slsa-verify-fixtures/hello2', '--signer-repo', 'slsa-verify-fixtures/trw');
  });

  it('picks the attestation the policy names among several signers, and leaves other predicate types out', async () => {
    const bySigner = await verify(files.twoSigners, '--repo', 'slsa-verify-fixtures/hello');
    expect(bySigner.status).toBe(0);
    expect(bySigner.report?.attestations.map((a) => a.status)).toEqual(['unmatched', 'matched']);
    const withSbom = await verify(files.withSbom, '--owner', 'slsa-verify-fixtures');
    expect(withSbom.status).toBe(0);
    expect(withSbom.report?.attestations.map((a) => a.status)).toEqual(['skipped', 'matched']);
  });

  it('checks --signer-digest, --source-ref and --source-digest against the certificate', async () => {
    const ok = await verify(files.jsonl, '--owner', 'slsa-verify-fixtures', '--signer-digest', ownWorkflow(run).sha, '--source-ref', 'refs/heads/main', '--source-digest', run.sha.toUpperCase());
    expect(ok.report?.error).toBeNull();
    expect(ok.status).toBe(0);
    await expectFailure('ErrorMismatchCertificate', files.jsonl, '--owner', 'slsa-verify-fixtures', '--signer-digest', 'b'.repeat(40));
    await expectFailure('ErrorMismatchSource', files.jsonl, '--owner', 'slsa-verify-fixtures', '--source-ref', 'refs/heads/release');
    await expectFailure('ErrorMismatchSource', files.jsonl, '--owner', 'slsa-verify-fixtures', '--source-ref', 'refs/tags/main');
    await expectFailure('ErrorMismatchSource', files.jsonl, '--owner', 'slsa-verify-fixtures', '--source-digest', 'c'.repeat(40));
  });

  it('--deny-self-hosted-runners refuses a self-hosted run (allowed without it, as gh)', async () => {
    const selfHosted = one('self-hosted');
    expect((await verify(selfHosted, '--owner', 'slsa-verify-fixtures')).status).toBe(0);
    await expectFailure('ErrorMismatchBuilderID', selfHosted, '--owner', 'slsa-verify-fixtures', '--deny-self-hosted-runners');
  });

  it('another predicate type is not verified as provenance; --predicate-type selects it', async () => {
    const sbom = one('sbom');
    await expectFailure('ErrorNotPresent', sbom, '--owner', 'slsa-verify-fixtures');
    expect((await verify(sbom, '--owner', 'slsa-verify-fixtures', '--predicate-type', 'https://spdx.dev/Document/v2.3')).status).toBe(0);
  });

  it('a tampered statement fails its signature', async () => {
    await expectFailure('ErrorInvalidSignature', one('tampered'), '--owner', 'slsa-verify-fixtures');
  });

  it('beyond gh: a predicate that disagrees with its certificate fails', async () => {
    for (const id of ['lying-builder', 'lying-ref', 'lying-invocation', 'lying-runner', 'unknown-parameter']) {
      const { status, report } = await verify(one(id), '--owner', 'slsa-verify-fixtures');
      expect(report?.error?.code, id).toBe('ErrorMismatchCertificate');
      expect(status).toBe(1);
    }
    await expectFailure('ErrorInvalidBuildType', one('unknown-build-type'), '--owner', 'slsa-verify-fixtures');
  });

  it('refuses .jsonl files with a junk line, a repeated line, a line for another artifact, or more lines than --limit', async () => {
    await expectFailure('ErrorInvalidFormat', files.junk, '--owner', 'slsa-verify-fixtures');
    await expectFailure('ErrorInvalidFormat', files.duplicate, '--owner', 'slsa-verify-fixtures');
    await expectFailure('ErrorInvalidFormat', files.bareArray, '--owner', 'slsa-verify-fixtures');
    await expectFailure('ErrorMismatchHash', files.otherArtifact, '--owner', 'slsa-verify-fixtures');
    await expectFailure('ErrorInvalidFormat', files.withSbom, '--owner', 'slsa-verify-fixtures', '--limit', '1');
    expect((await verify(files.withSbom, '--owner', 'slsa-verify-fixtures', '--limit', '2')).status).toBe(0);
    await expectFailure('ErrorInvalidFormat', write('empty.jsonl', '\n\n'), '--owner', 'slsa-verify-fixtures');
  });

  it('refuses a wrong command line with exit 2', async () => {
    for (const flags of [
      [],
      ['--owner', 'slsa-verify-fixtures', '--repo', 'slsa-verify-fixtures/hello'],
      ['--repo', 'slsa-verify-fixtures'],
      ['--repo', 'a/b/c'],
      ['--owner', 'slsa-verify-fixtures', '--limit', '0'],
      ['--owner', 'slsa-verify-fixtures', '--limit', '1001'],
      ['--owner', 'slsa-verify-fixtures', '--limit', '1e3'],
      ['--owner', 'slsa-verify-fixtures', '--signer-repo', 'a/b', '--cert-identity', 'x'],
      ['--owner', 'slsa-verify-fixtures', '--cert-identity-regex', '('],
    ]) {
      const { status } = await verify(files.jsonl, ...flags);
      expect(status, flags.join(' ')).toBe(2);
    }
    const noBundle = await runCli(['attestation', 'verify', app, '--owner', 'slsa-verify-fixtures']);
    expect(noBundle.status).toBe(2);
  });

  it('takes trusted roots as JSON lines (gh attestation trusted-root), each root whole', async () => {
    const another = messageBundleSet([Buffer.from('x')]).trustedRoot;
    const roots = write('roots.jsonl', `${JSON.stringify(another)}\n${JSON.stringify(set.trustedRoot)}\n`);
    const result = await runCli(['attestation', 'verify', app, '--bundle', files.jsonl, '--owner', 'slsa-verify-fixtures', '--custom-trusted-root', roots]);
    expect(result.status).toBe(0);
    const onlyAnother = write('another.jsonl', `${JSON.stringify(another)}\n`);
    const refused = await runCli(['attestation', 'verify', app, '--bundle', files.jsonl, '--owner', 'slsa-verify-fixtures', '--custom-trusted-root', onlyAnother]);
    expect(refused.status).toBe(1);
    const junkRoot = write('junk-roots.jsonl', `${JSON.stringify(set.trustedRoot)}\n{"mediaType": 1}\n`);
    expect((await runCli(['attestation', 'verify', app, '--bundle', files.jsonl, '--owner', 'slsa-verify-fixtures', '--custom-trusted-root', junkRoot])).status).toBe(2);
  });

  describe("GitHub's own Sigstore instance: a root with a CA and a timestamp authority, no log", () => {
    const withRoot = (rootPath: string, bundlePath: string, ...flags: string[]) =>
      runCli(['attestation', 'verify', '--bundle', bundlePath, '--custom-trusted-root', rootPath, '--owner', 'slsa-verify-fixtures', '--format', 'json', ...flags, app]);
    const code = (r: { stdout: string }): string | undefined => (JSON.parse(r.stdout) as AttestationReport).error?.code;

    it('verifies a timestamped bundle against the TSA-only root, also as one line of a roots .jsonl', async () => {
      const privateBundle = one('private');
      expect((await withRoot(tsaOnlyRoot, privateBundle)).status).toBe(0);
      const roots = write('public-and-github.jsonl', `${JSON.stringify(set.trustedRoot)}\n${JSON.stringify(set.tsaOnlyRoot)}\n`);
      expect((await withRoot(roots, privateBundle)).status).toBe(0);
      expect((await withRoot(roots, files.jsonl)).status).toBe(0);
    });

    it('a TSA-only root refuses a bundle without a timestamp, and one with a log entry it cannot check', async () => {
      const noStamp = write('private-no-stamp.jsonl', `${withMaterial('private', (m) => {
        const { timestampVerificationData: _dropped, ...rest } = m;
        return rest;
      })}\n`);
      const missing = await withRoot(tsaOnlyRoot, noStamp);
      expect(code(missing)).toBe('ErrorNoValidRekorEntries');
      expect(missing.status).toBe(1);
      for (const bundlePath of [files.jsonl, one('both')]) {
        const logged = await withRoot(tsaOnlyRoot, bundlePath);
        expect(code(logged)).toBe('ErrorNoValidRekorEntries');
        expect(logged.status).toBe(1);
      }
    });

    it('a root with a log still needs the log entry: a timestamp alone does not do, even when the root lists the TSA', async () => {
      for (const rootPath of [root, fullRoot]) {
        const r = await withRoot(rootPath, one('private'));
        expect(code(r)).toBe('ErrorNoValidRekorEntries');
        expect(r.status).toBe(1);
      }
      expect((await withRoot(fullRoot, one('both'))).status).toBe(0);
    });

    it("refuses a timestamp over another bundle's signature", async () => {
      const other = (set.bundles.get('private-2') as BundleJson).verificationMaterial['timestampVerificationData'];
      const swapped = write('swapped-stamp.jsonl', `${withMaterial('private', (m) => ({ ...m, timestampVerificationData: other }))}\n`);
      const r = await withRoot(tsaOnlyRoot, swapped);
      expect(code(r)).toBe('ErrorNoValidRekorEntries');
      expect(r.status).toBe(1);
    });

    it('--trusted-root of the other commands loads a TSA-only root (verify-bundle), as JSON or a one-line .jsonl', async () => {
      const identity = 'https://github.com/slsa-verify-fixtures/hello/.github/workflows/release.yml@refs/heads/main';
      const privateJson = write('private.sigstore.json', bundle('private'));
      const oneLine = write('tsa-only-root.jsonl', `${JSON.stringify(set.tsaOnlyRoot)}\n`);
      for (const rootPath of [tsaOnlyRoot, oneLine]) {
        const r = await runCli(['verify-bundle', '--bundle', privateJson, '--certificate-identity', identity, '--certificate-oidc-issuer', 'https://token.actions.githubusercontent.com', '--trusted-root', rootPath, app]);
        expect(r.stderr).toContain('PASSED');
        expect(r.status).toBe(0);
      }
      const noAuthority = write('no-log-no-tsa.json', JSON.stringify({ ...(set.tsaOnlyRoot as object), timestampAuthorities: [] }));
      const refused = await runCli(['verify-bundle', '--bundle', privateJson, '--certificate-identity', identity, '--certificate-oidc-issuer', 'https://token.actions.githubusercontent.com', '--trusted-root', noAuthority, app]);
      expect(refused.status).toBe(2);
      const twoRoots = write('two-roots.jsonl', `${JSON.stringify(set.tsaOnlyRoot)}\n${JSON.stringify(set.trustedRoot)}\n`);
      const several = await runCli(['verify-bundle', '--bundle', privateJson, '--certificate-identity', identity, '--certificate-oidc-issuer', 'https://token.actions.githubusercontent.com', '--trusted-root', twoRoots, app]);
      expect(several.status).toBe(2);
    });
  });
});
