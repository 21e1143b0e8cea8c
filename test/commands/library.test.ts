import { createServer, Socket, type AddressInfo, type Server } from 'node:net';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { explainPolicy, inspect, loadTrustedRoot, verifyArtifact, verifyImage, verifyLockfile, verifyNpmPackage, verifyPypi, VerifyError, type VerifyArtifactRequest } from '../../src/index.js';
import { writePypiFixture } from '../pypi/fixture-files.js';
import { writeNpmProject } from '../lockfile/tree-files.js';
import { writeNpmFixture } from '../npm/fixture-files.js';
import { REPO } from '../cli/run-cli.js';

const HELLO = join(REPO, 'fixtures/artifacts/hello.txt');
const SOURCE = 'github.com/slsa-verify-fixtures/hello';
const GENERIC = 'https://github.com/slsa-framework/slsa-github-generator/.github/workflows/generator_generic_slsa3.yml@refs/tags/v2.1.0';
const provenance = (name: string): string => join(REPO, 'fixtures/provenance', name);
const trustedRoot = loadTrustedRoot(join(REPO, 'fixtures/trusted_root.json'));
const request = (overrides: Partial<VerifyArtifactRequest> = {}): VerifyArtifactRequest => ({
  artifacts: [HELLO], provenancePath: provenance('valid.intoto.jsonl'), sourceUri: SOURCE, trustedRoot, ...overrides,
});

async function thrownCode(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
  } catch (err) {
    return err instanceof VerifyError ? err.code : `not a VerifyError: ${String(err)}`;
  }
  return 'nothing thrown';
}

/** A local server standing in for Rekor or a registry: it counts connections and answers nothing useful. */
let server: Server;
let connections = 0;
let base: string;
const open = new Set<Socket>();
beforeAll(async () => {
  server = createServer((socket) => {
    connections += 1;
    open.add(socket);
    socket.on('close', () => open.delete(socket));
    socket.end('HTTP/1.1 503 Service Unavailable\r\ncontent-length: 0\r\nconnection: close\r\n\r\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  for (const socket of open) socket.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});
afterEach(() => vi.restoreAllMocks());

describe('the library API', () => {
  it('returns the report: verdict, per-artifact checks, failures as codes', async () => {
    const passed = await verifyArtifact(request());
    expect(passed.verdict).toBe('PASSED');
    expect(passed.artifacts[0]?.checks.find((c) => c.id === 'source')).toMatchObject({ status: 'pass' });
    const failed = await verifyArtifact(request({ provenancePath: provenance('tampered-payload.intoto.jsonl') }));
    expect(failed.verdict).toBe('FAILED');
    expect(failed.artifacts[0]?.error?.code).toBe('ErrorInvalidSignature');
  });

  it('throws a VerifyError only for a request that cannot run (the CLI exit 2 cases)', async () => {
    expect(await thrownCode(() => verifyArtifact(request({ provenancePath: join(REPO, 'fixtures/missing.jsonl') })))).toBe('ErrorUnreadableFile');
    expect(await thrownCode(() => verifyArtifact(request({ trustedRoot: join(REPO, 'fixtures/provenance/valid.intoto.jsonl') })))).toBe('ErrorInvalidTrustedRoot');
    expect(await thrownCode(() => verifyArtifact(request({ artifacts: [] })))).toBe('ErrorUsage');
    // JavaScript callers: a string where the list belongs is refused, not iterated by character.
    expect(await thrownCode(() => verifyArtifact(request({ artifacts: 'fixtures/artifacts/hello.txt' as never })))).toBe('ErrorUsage');
    expect(await thrownCode(() => verifyArtifact(request({ sourceUri: undefined as never })))).toBe('ErrorUsage');
    // Workflow inputs: a non-string value is refused; "__proto__" is an input like any other (it must match, and here nothing has it).
    expect(await thrownCode(() => verifyArtifact(request({ workflowInputs: { a: 1 as never } })))).toBe('ErrorUsage');
    const proto = await verifyArtifact(request({ workflowInputs: JSON.parse('{"__proto__":"x"}') as Record<string, string> }));
    expect(proto.verdict).toBe('FAILED');
    expect(proto.artifacts[0]?.error?.code).toBe('ErrorMismatchWorkflowInputs');
    // An unknown network value is not 'allowed': fail closed.
    expect(await thrownCode(() => verifyArtifact(request({ provenancePath: provenance('dsse-envelope.intoto.jsonl'), network: 'yes' as never })))).toBe('ErrorNeedsLogLookup');
    expect(await thrownCode(() => verifyArtifact(request({ trustedRoot: {} as never })))).toBe('ErrorInvalidTrustedRoot');
    expect(await thrownCode(() => explainPolicy({ path: join(REPO, 'fixtures/missing.yaml') }))).toBe('ErrorUnreadableFile');
  });

  it('reuses trust material loaded once: the file is not read again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'library-root-'));
    const path = join(dir, 'trusted_root.json');
    copyFileSync(join(REPO, 'fixtures/trusted_root.json'), path);
    const loaded = loadTrustedRoot(path);
    rmSync(dir, { recursive: true });
    for (let i = 0; i < 3; i++) expect((await verifyArtifact(request({ trustedRoot: loaded }))).verdict).toBe('PASSED');
  });

  it('writes nothing to stdout or stderr', async () => {
    const out = vi.spyOn(process.stdout, 'write');
    const err = vi.spyOn(process.stderr, 'write');
    await verifyArtifact(request({ printProvenance: true }));
    await verifyArtifact(request({ provenancePath: provenance('tampered-payload.intoto.jsonl') }));
    await inspect({ path: provenance('valid.intoto.jsonl') });
    expect(out).not.toHaveBeenCalled();
    expect(err).not.toHaveBeenCalled();
  });

  it('the command layer never reads process.env or process.argv, nor writes or sets an exit code', () => {
    const dir = join(REPO, 'src/commands');
    for (const name of readdirSync(dir)) {
      expect(readFileSync(join(dir, name), 'utf8'), name).not.toMatch(/process\.(env|argv|stdout|stderr|exit)/);
    }
  });
});

describe('network', () => {
  it('a default library call opens no socket: a bare DSSE envelope, a registry image, npm attestations and a lockfile without artifacts are refused', async () => {
    const npm = writeNpmFixture();
    const lock = writeNpmProject([{ name: 'left-pad', version: '1.3.0' }]);
    const connect = vi.spyOn(Socket.prototype, 'connect');
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    const before = connections;
    expect(await thrownCode(() => verifyArtifact(request({ provenancePath: provenance('dsse-envelope.intoto.jsonl'), rekorUrl: `http://${base}` })))).toBe('ErrorNeedsLogLookup');
    const digest = 'a'.repeat(64);
    expect(await thrownCode(() => verifyImage({ image: `${base}/o/r@sha256:${digest}`, sourceUri: SOURCE, builderId: GENERIC, trustedRoot }))).toBe('ErrorUsage');
    const npmRequest = {
      tarball: npm.tarball, packageName: npm.fixture.packageName, packageVersion: npm.fixture.version, sourceUri: npm.fixture.sourceUri,
      builderId: npm.fixture.builderId, trustedRoot: npm.trustedRoot, registryKeysPath: npm.registryKeys,
    };
    expect(await thrownCode(() => verifyNpmPackage(npmRequest))).toBe('ErrorUsage');
    expect(await thrownCode(() => verifyLockfile({ lockfile: lock.lockfile, policyPath: lock.policy, trustedRootPath: lock.trustedRoot }))).toBe('ErrorUsage');
    const pypi = writePypiFixture();
    expect(await thrownCode(() => verifyPypi({ input: pypi.wheel, repository: pypi.fixture.repositoryUrl, indexUrl: `http://${base}/simple/` }))).toBe('ErrorUsage');
    expect(connect).not.toHaveBeenCalled();
    expect(fetchSpy).not.toHaveBeenCalled();
    expect(connections).toBe(before);
  });

  it("network: 'allowed' does ask (so the harness above would see a socket), and a service that cannot be asked is a report, not a throw", async () => {
    const connect = vi.spyOn(Socket.prototype, 'connect');
    const before = connections;
    const report = await verifyArtifact(request({ provenancePath: provenance('dsse-envelope.intoto.jsonl'), rekorUrl: `http://${base}`, network: 'allowed' }));
    expect(connect).toHaveBeenCalled();
    expect(connections).toBeGreaterThan(before);
    expect(report.verdict).toBe('FAILED');
    expect(report.artifacts[0]?.error?.code).toBe('ErrorRekorUnreachable');
  });
});
