import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hashArtifacts } from '../../src/artifacts/hash-artifacts.js';
import { judgeDistribution } from '../../src/pypi/judge-dist.js';
import { parsePypiProvenance } from '../../src/pypi/provenance-file.js';
import { expectedPublisher, expectedServiceAccount } from '../../src/pypi/publisher-policy.js';
import { loadTrustRoot } from '../../src/sigstore/trusted-root.js';
import { PYPI_SERVICE_ACCOUNT, type PypiFixtureOptions } from '../../src/tools/fixtures/pypi.js';
import { writePypiFixture } from './fixture-files.js';

const EVIL = { owner: 'evil', name: 'hello-py', id: '873209999', ownerId: '31337' };

async function judge(
  options: PypiFixtureOptions = {},
  flags: { workflow?: string; environment?: string; serviceAccount?: string } = {},
  which: 'wheel' | 'sdist' = 'wheel',
) {
  const f = writePypiFixture(options);
  const path = f[which];
  const hash = (await hashArtifacts([path], ['sha256'])).get(path)!;
  const provenance = parsePypiProvenance(JSON.parse(readFileSync(`${path}.provenance`, 'utf8')));
  const expected = flags.serviceAccount !== undefined
    ? expectedServiceAccount(flags.serviceAccount)
    : expectedPublisher(f.fixture.repositoryUrl, flags.workflow, flags.environment);
  return judgeDistribution(path, f.fixture[which].name, hash, provenance, { trust: loadTrustRoot(f.trustedRoot), expected });
}

describe('judgeDistribution over test-PKI PEP 740 attestations', () => {
  it.each(['wheel', 'sdist'] as const)('passes the %s as published, with every check', async (which) => {
    const verdict = await judge({}, { workflow: 'release.yml', environment: 'pypi' }, which);
    expect(verdict.error).toBeUndefined();
    expect(verdict.ok).toBe(true);
    expect(verdict.attestations[0]?.workflow).toBe('release.yml');
    expect(verdict.checks.map((c) => c.id)).toEqual([
      'signature', 'statement', 'subject-name', 'subject-digest', 'certificate-publisher', 'recorded-publisher',
    ]);
  });

  it('accepts SLSA provenance v1 as the attestation type', async () => {
    expect((await judge({ predicateType: 'https://slsa.dev/provenance/v1' })).ok).toBe(true);
  });

  it('accepts a subject that names the same distribution non-canonically', async () => {
    expect((await judge({ subjectName: () => 'Hello.Py-1.0.0-py3-none-any.whl' })).ok).toBe(true);
  });

  it.each<[string, PypiFixtureOptions, { workflow?: string; environment?: string }, string]>([
    ['a subject naming another file', { subjectName: () => 'hello_py-1.0.1-py3-none-any.whl' }, {}, 'ErrorMismatchDistribution'],
    ['a subject naming another project', { subjectName: () => 'evil-1.0.0-py3-none-any.whl' }, {}, 'ErrorMismatchDistribution'],
    ['a subject that is no distribution name', { subjectName: () => 'hello.txt' }, {}, 'ErrorInvalidSubject'],
    ['the digest of another file', { subjectBytes: () => Buffer.from('another file') }, {}, 'ErrorMismatchHash'],
    ['a certificate from another repository', { repository: EVIL }, {}, 'ErrorMismatchSource'],
    ['a recorded publisher of another repository', { publisher: { kind: 'GitHub', repository: 'evil/hello-py', workflow: 'release.yml' } }, {}, 'ErrorMismatchSource'],
    ['another workflow than --workflow', { workflowFile: 'other.yml' }, { workflow: 'release.yml' }, 'ErrorMismatchPublisher'],
    ['a certificate workflow PyPI did not record', { workflowFile: 'other.yml' }, {}, 'ErrorMismatchPublisher'],
    ['another environment', {}, { environment: 'staging' }, 'ErrorMismatchPublisher'],
    ['a GitLab publisher record for a GitHub signer', { publisher: { kind: 'GitLab', repository: 'slsa-verify-fixtures/hello-py', workflow_filepath: 'release.yml' } }, {}, 'ErrorMismatchPublisher'],
    ['a Google publisher record for a GitHub signer', { publisher: { kind: 'Google', email: 'sa@p.iam.gserviceaccount.com' } }, {}, 'ErrorMismatchPublisher'],
    ['a tampered statement', { tamper: true }, {}, 'ErrorInvalidSignature'],
    ['a certificate from an untrusted CA', { untrustedCa: true }, {}, 'ErrorInvalidCertificate'],
    ['an unknown attestation type', { predicateType: 'https://example.com/evil/v1' }, {}, 'ErrorInvalidDssePayload'],
  ])('fails on %s', async (_what, options, flags, code) => {
    const verdict = await judge(options, flags);
    expect(verdict.ok).toBe(false);
    expect(verdict.error?.code).toBe(code);
    expect(verdict.checks.at(-1)?.status).toBe('fail');
  });

  describe('Google Cloud publishers', () => {
    const google = { googleServiceAccount: { email: PYPI_SERVICE_ACCOUNT } };
    const sa = { serviceAccount: PYPI_SERVICE_ACCOUNT };

    it.each(['wheel', 'sdist'] as const)('passes the %s signed by the service account', async (which) => {
      const verdict = await judge(google, sa, which);
      expect(verdict.error).toBeUndefined();
      expect(verdict.ok).toBe(true);
      expect(verdict.attestations[0]?.workflow).toBeUndefined();
      expect(verdict.checks.find((c) => c.id === 'certificate-publisher')).toMatchObject({ status: 'pass', expected: PYPI_SERVICE_ACCOUNT, actual: PYPI_SERVICE_ACCOUNT });
    });

    it.each<[string, PypiFixtureOptions, { serviceAccount?: string }, string]>([
      ['another service account in the certificate', { googleServiceAccount: { email: 'evil@evil.iam.gserviceaccount.com' }, publisher: { kind: 'Google', email: PYPI_SERVICE_ACCOUNT } }, sa, 'ErrorMismatchPublisher'],
      ['another --service-account', google, { serviceAccount: 'other@hello-py.iam.gserviceaccount.com' }, 'ErrorMismatchPublisher'],
      ['another issuer', { googleServiceAccount: { email: PYPI_SERVICE_ACCOUNT, issuer: 'https://accounts.example.com' } }, sa, 'ErrorInvalidOIDCIssuer'],
      ['a recorded publisher of another email', { ...google, publisher: { kind: 'Google', email: 'evil@evil.iam.gserviceaccount.com' } }, sa, 'ErrorMismatchPublisher'],
      ['a GitHub publisher record for a Google signer', { ...google, publisher: { kind: 'GitHub', repository: 'slsa-verify-fixtures/hello-py', workflow: 'release.yml' } }, sa, 'ErrorMismatchPublisher'],
      ['a GitHub-signed file', {}, sa, 'ErrorInvalidOIDCIssuer'],
      ['a Google-signed file against --repository', google, {}, 'ErrorInvalidOIDCIssuer'],
    ])('fails on %s', async (_what, options, flags, code) => {
      const verdict = await judge(options, flags);
      expect(verdict.ok).toBe(false);
      expect(verdict.error?.code).toBe(code);
    });
  });
});
