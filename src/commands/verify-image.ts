import { readFile } from 'node:fs/promises';
import { parseBuilderId } from '../checks/builder-id.js';
import type { SlsaPolicy } from '../checks/run-checks.js';
import { asVerifyError, VerifyError } from '../errors/index.js';
import { GCB_BUILDER_NAME } from '../gcb/types.js';
import { loadTrustConfig } from '../gcb/trust-config.js';
import { verifyGcbProvenance } from '../gcb/verify-gcb.js';
import { cosignLayerToBundle } from '../image/cosign-bundle.js';
import { openDockerArchive } from '../image/docker-archive.js';
import { OciLayout, type LayoutAttestation } from '../image/oci-layout.js';
import { parseImageReference, type ImageReference } from '../image/reference.js';
import type { Evidence } from '../input/evidence.js';
import { readProvenanceFile } from '../input/read-provenance.js';
import { registryAttestations } from '../registry/registry-attestations.js';
import { judgeArtifact, type ArtifactVerdict } from '../pipeline/judge-artifact.js';
import { verifyEvidence, type EvidenceOutcome } from '../pipeline/verify-evidence.js';
import type { RunReport } from '../report/run-report.js';
import { loadTrustRoot } from '../sigstore/trusted-root.js';

export interface VerifyImageRequest {
  image: string;
  provenancePath: string | undefined;
  policy: SlsaPolicy;
  trustedRootPath: string | undefined;
  trustConfigPath: string | undefined;
  printProvenance: boolean;
  testing: boolean;
  /** Never ask a registry (a registry image then needs --provenance-path). */
  offline: boolean;
  /** Where registry attestations are looked for instead of the image's repository. */
  provenanceRepository: string | undefined;
}

export interface ImageRunReport extends RunReport {
  /** Cloud Build: the key whose signature verified, printed as slsa-verifier does. */
  gcbKeyName: string | undefined;
  /** Cloud Build: the signed statement (GitHub builds carry theirs in the verdict's envelope). */
  gcbPayload: Buffer | undefined;
}

const MAX_PROVENANCE_BYTES = 64 * 1024 * 1024;

/**
 * verify-image: the image digest is the subject (nothing is hashed). As
 * slsa-verifier, the verifier is chosen by --builder-id: Google Cloud Build's
 * for its builder, the GitHub one (default trusted builder: the container
 * generator) otherwise. GitHub evidence comes from --provenance-path, from
 * the attestations stored in an `oci-layout:` directory or `docker-archive:`
 * tarball, or from the registry itself (unless --offline).
 */
export async function verifyImage(request: VerifyImageRequest): Promise<ImageRunReport> {
  const report: ImageRunReport = {
    command: 'verify-image', error: undefined, verdicts: [], printProvenance: request.printProvenance,
    gcbKeyName: undefined, gcbPayload: undefined,
  };
  try {
    // Before anything is read: a mutable reference is never verified.
    const ref = parseImageReference(request.image);
    if (request.provenanceRepository !== undefined && (ref.transport !== 'registry' || request.provenancePath !== undefined)) {
      throw new VerifyError('ErrorUsage', '--provenance-repository only applies to attestations read from a registry');
    }
    const verifier = chooseVerifier(request.policy.builderId);
    // A layout or archive must hold the image under this digest, whatever the evidence's source.
    const layout = ref.transport === 'registry' ? undefined : await openImageSource(ref.transport, ref.path, ref.digest);
    report.verdicts = [verifier === 'gcb' ? await verifyGcb(ref, request, report) : await verifyGithub(ref, layout, request)];
  } catch (err) {
    report.error = asVerifyError(err);
  }
  return report;
}

/** slsa-verifier's getVerifier: a --builder-id picks the verifier authoritative for its name. */
function chooseVerifier(builderId: string | undefined): 'gcb' | 'github' {
  if (builderId === undefined || builderId === '') return 'github';
  const { name } = parseBuilderId(builderId, false);
  if (name === GCB_BUILDER_NAME) return 'gcb';
  if (name.startsWith('https://github.com/')) return 'github';
  throw new VerifyError('ErrorVerifierNotSupported', builderId, { actual: builderId });
}

function emptyVerdict(ref: ImageReference): ArtifactVerdict {
  return {
    path: ref.text, digests: { sha256: ref.digest }, ok: false, error: undefined,
    line: undefined, envelope: undefined, statement: undefined, checks: undefined,
  };
}

async function readBytes(path: string): Promise<Buffer> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (err) {
    throw new VerifyError('ErrorUnreadableFile', `provenance ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  if (bytes.length > MAX_PROVENANCE_BYTES) throw new VerifyError('ErrorInvalidFormat', `provenance ${path} is larger than ${MAX_PROVENANCE_BYTES} bytes`);
  return bytes;
}

async function verifyGcb(ref: ImageReference, request: VerifyImageRequest, report: ImageRunReport): Promise<ArtifactVerdict> {
  if (request.provenancePath === undefined) {
    throw new VerifyError('ErrorUsage', 'Cloud Build provenance is read from --provenance-path (the output of `gcloud artifacts docker images describe --show-provenance --format json`)');
  }
  const bytes = await readBytes(request.provenancePath);
  if (request.trustConfigPath === undefined) {
    throw new VerifyError('ErrorUsage', "verifying Cloud Build provenance needs Google's attestor public keys: pass --trust-config");
  }
  const config = loadTrustConfig(request.trustConfigPath);
  const { policy } = request;
  const outcome = verifyGcbProvenance(bytes, ref.digest, {
    sourceUri: policy.sourceUri,
    sourceBranch: policy.sourceBranch,
    sourceTag: policy.sourceTag,
    sourceVersionedTag: policy.sourceVersionedTag,
    builderId: policy.builderId ?? '',
  }, config.gcbKeys);
  report.gcbKeyName = outcome.keyName;
  if (outcome.ok) report.gcbPayload = outcome.payload;
  return {
    ...emptyVerdict(ref),
    ok: outcome.ok,
    error: outcome.error,
    checks: outcome.keyName === undefined
      ? undefined
      : { ok: outcome.ok, error: outcome.error, builderId: outcome.builderId, sourceUri: outcome.sourceUri, checks: outcome.checks },
  };
}

async function openImageSource(transport: 'oci-layout' | 'docker-archive', path: string, digest: string): Promise<OciLayout> {
  const layout = transport === 'oci-layout' ? await OciLayout.open(path) : await openDockerArchive(path);
  await layout.requireImage(digest);
  return layout;
}

async function verifyGithub(ref: ImageReference, layout: OciLayout | undefined, request: VerifyImageRequest): Promise<ArtifactVerdict> {
  let evidence: EvidenceOutcome[];
  if (request.provenancePath !== undefined) {
    evidence = verifyEvidence(await readProvenanceFile(request.provenancePath), loadTrustRoot(request.trustedRootPath));
  } else if (layout !== undefined) {
    evidence = verifyAttestations(await layout.attestations(ref.digest), loadTrustRoot(request.trustedRootPath));
  } else if (ref.transport !== 'registry') {
    throw new VerifyError('ErrorInternal', `unexpected transport ${ref.transport}`);
  } else if (request.offline) {
    throw new VerifyError('ErrorUsage', '--offline: reading attestations from a registry is refused; pass --provenance-path, or use oci-layout:DIR@sha256:... / docker-archive:FILE@sha256:...');
  } else {
    // Loaded first: a bad --trusted-root fails before any socket is opened.
    const trust = loadTrustRoot(request.trustedRootPath);
    evidence = verifyAttestations(await registryAttestations(ref.name, ref.digest, request.provenanceRepository), trust);
  }
  return judgeArtifact(ref.text, { ok: true, digests: { sha256: ref.digest } }, evidence, {
    command: 'verify-image',
    policy: request.policy,
    testing: request.testing,
  });
}

/** Each attestation is verified on its own, as a line of a provenance file would be. */
function verifyAttestations(attestations: readonly LayoutAttestation[], trust: ReturnType<typeof loadTrustRoot>): EvidenceOutcome[] {
  return attestations.flatMap((a, i): EvidenceOutcome[] => {
    const line = i + 1;
    let item: Evidence;
    try {
      const json: unknown = a.kind === 'cosign'
        ? cosignLayerToBundle(a.envelope, a.certificatePem, a.rekorBundle)
        : JSON.parse(a.bundle.toString('utf8'));
      item = { kind: 'bundle', line, json };
    } catch (err) {
      const error = err instanceof SyntaxError ? new VerifyError('ErrorInvalidFormat', `${a.source}: not JSON`) : asVerifyError(err);
      return [{ ok: false, line, error }];
    }
    return verifyEvidence([item], trust);
  });
}
