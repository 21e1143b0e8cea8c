import { describe, expect, it } from 'vitest';
import { openDockerArchive } from '../../src/image/docker-archive.js';
import { runCli, type JsonReport } from '../cli/run-cli.js';
import { HELLO_DIGEST, writeLayout } from './layout-fixture.js';
import { filesOf, tarBytes, writeTar } from './tar-fixture.js';
import { asyncCodeOf } from '../support/code-of.js';

const ARGS = [
  '--source-uri', 'github.com/slsa-verify-fixtures/hello',
  '--builder-id', 'https://github.com/slsa-framework/slsa-github-generator/.github/workflows/generator_generic_slsa3.yml@refs/tags/v2.1.0',
  '--trusted-root', 'fixtures/trusted_root.json', '--format', 'json',
];
const LEGACY_MANIFEST = { path: 'manifest.json', data: Buffer.from('[{"Config":"config.json","RepoTags":["hello:latest"],"Layers":["layer.tar"]}]') };

async function verify(ref: string, extra: string[] = []): Promise<{ status: number | null; report: JsonReport }> {
  const run = await runCli(['verify-image', ref, ...ARGS, ...extra]);
  return { status: run.status, report: JSON.parse(run.stdout) as JsonReport };
}

describe('docker-archive', () => {
  it('reads the attestations of the OCI layout inside a docker save tarball, skipping layers', async () => {
    const big = { path: `blobs/sha256/${'f'.repeat(64)}`, data: Buffer.alloc(9 * 1024 * 1024, 1) };
    const longName = { path: `${'deep/'.repeat(30)}layer.tar`, data: Buffer.from('x') };
    const tar = writeTar([...filesOf(writeLayout()), LEGACY_MANIFEST, big, longName]);
    const layout = await openDockerArchive(tar);
    expect(await layout.attestations(HELLO_DIGEST)).toHaveLength(1);
    const { status, report } = await verify(`docker-archive:${tar}@sha256:${HELLO_DIGEST}`);
    expect(report.error).toBeNull();
    expect(status).toBe(0);
  });

  it('the image digest must be a manifest in the archive, even with --provenance-path', async () => {
    const tar = writeTar(filesOf(writeLayout()));
    const { status, report } = await verify(`docker-archive:${tar}@sha256:${'d'.repeat(64)}`, ['--provenance-path', 'fixtures/provenance/valid.intoto.jsonl']);
    expect(status).toBe(1);
    expect(report.error?.code).toBe('ErrorImageHash');
  });

  it('a legacy archive without image manifest cannot be matched to a digest', async () => {
    const tar = writeTar([LEGACY_MANIFEST]);
    expect(await asyncCodeOf(openDockerArchive(tar))).toBe('ErrorImageHash');
  });

  it('no attestation: nothing verified', async () => {
    const tar = writeTar(filesOf(writeLayout({ bundle: undefined })));
    expect((await verify(`docker-archive:${tar}@sha256:${HELLO_DIGEST}`)).report.error?.code).toBe('ErrorNoValidSignature');
  });

  it('a truncated, corrupt or ambiguous archive fails closed', async () => {
    const files = filesOf(writeLayout());
    const whole = tarBytes(files);
    expect(await asyncCodeOf(openDockerArchive(writeTar([], whole.subarray(0, 700))))).toBe('ErrorInvalidFormat');
    const corrupt = Buffer.from(whole);
    corrupt[0] = corrupt[0]! ^ 1;
    expect(await asyncCodeOf(openDockerArchive(writeTar([], corrupt)))).toBe('ErrorInvalidFormat');
    const index = files.find((f) => f.path === 'index.json')!;
    expect(await asyncCodeOf(openDockerArchive(writeTar([...files, index])))).toBe('ErrorInvalidFormat');
    expect(await asyncCodeOf(openDockerArchive('/nonexistent/image.tar'))).toBe('ErrorUnreadableFile');
  });
});
