import { VerifyError } from '../errors/index.js';
import { DSSE_MEDIA_TYPE, indexSchema, manifestSchema, parseJson, type LayoutAttestation } from '../image/oci-layout.js';
import { RegistryClient, type RegistryClientOptions } from './registry-client.js';
import { parseRegistryName } from './registry-name.js';

/**
 * The attestations of `name@sha256:<digest>` in a registry, found the two ways
 * they are attached (as in an OCI layout, src/image/oci-layout.ts):
 * - cosign's tag `sha256-<digest>.att`, whose layers are DSSE envelopes with
 *   the Rekor bundle and certificate in annotations;
 * - OCI 1.1 referrers (`GET /v2/<name>/referrers/<digest>`, or the
 *   `sha256-<digest>` tag-schema fallback index when the registry lacks the
 *   API) whose `subject` is the image and whose layers are Sigstore bundles.
 * The image manifest must exist in its repository under that digest;
 * `provenanceRepository` (e.g. `ghcr.io/o/attestations`) is where the
 * attestations are looked for instead of the image's repository.
 */

/** A registry's referrer list and layer lists are the registry's word: bounded, in case it is hostile. */
const MAX_REFERRERS = 64;
const MAX_LAYERS = 64;

function layersOf<T>(layers: readonly T[] | undefined = [], what: string): readonly T[] {
  if (layers.length > MAX_LAYERS) throw new VerifyError('ErrorInvalidFormat', `${what}: more than ${MAX_LAYERS} layers`);
  return layers;
}

export async function registryAttestations(
  name: string,
  digest: string,
  provenanceRepository: string | undefined,
  options?: RegistryClientOptions,
): Promise<LayoutAttestation[]> {
  const image = `sha256:${digest}`;
  const imageClient = new RegistryClient(parseRegistryName(name), options);
  if ((await imageClient.manifest(image)) === undefined) {
    throw new VerifyError('ErrorImageHash', `the registry holds no image ${imageClient.name.host}/${imageClient.name.repository}@${image}`);
  }
  const client = provenanceRepository === undefined ? imageClient : new RegistryClient(parseRegistryName(provenanceRepository), options);
  const where = `${client.name.host}/${client.name.repository}`;

  const found: LayoutAttestation[] = [];
  const att = await client.manifest(`sha256-${digest}.att`);
  if (att !== undefined) {
    const manifest = parseJson(att.bytes, manifestSchema, `${where}:sha256-${digest}.att`);
    for (const layer of layersOf(manifest.layers, `${where}:sha256-${digest}.att`)) {
      if (layer.mediaType !== DSSE_MEDIA_TYPE) continue;
      found.push({
        kind: 'cosign',
        source: `${where}@${att.digest} layer ${layer.digest}`,
        envelope: await client.blob(layer),
        certificatePem: layer.annotations?.['dev.sigstore.cosign/certificate'],
        rekorBundle: layer.annotations?.['dev.sigstore.cosign/bundle'],
      });
    }
  }

  const referrers = (await client.referrers(image)) ?? (await client.manifest(`sha256-${digest}`))?.bytes;
  if (referrers !== undefined) {
    const index = parseJson(referrers, indexSchema, `${where}: referrers of ${image}`);
    if (index.manifests.length > MAX_REFERRERS) throw new VerifyError('ErrorInvalidFormat', `${where}: more than ${MAX_REFERRERS} referrers of ${image}`);
    for (const descriptor of index.manifests) {
      const fetched = await client.manifest(descriptor.digest);
      if (fetched === undefined) continue;
      const manifest = parseJson(fetched.bytes, manifestSchema, `${where}@${descriptor.digest}`);
      if (manifest.subject?.digest !== image) continue; // the index is not believed: the manifest must name the image
      for (const layer of layersOf(manifest.layers, `${where}@${descriptor.digest}`)) {
        if (!layer.mediaType.startsWith('application/vnd.dev.sigstore.bundle')) continue;
        found.push({ kind: 'bundle', source: `${where}@${descriptor.digest} layer ${layer.digest}`, bundle: await client.blob(layer) });
      }
    }
  }
  return found;
}
