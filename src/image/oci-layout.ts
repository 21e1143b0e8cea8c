import { createHash } from 'node:crypto';
import { join } from 'node:path';
import * as z from 'zod';
import { VerifyError } from '../errors/index.js';
import { readBoundedFile } from '../files/read-bounded.js';
import { parseUntrustedJson } from '../files/untrusted-json.js';
import { FILE_CAPS } from '../files/caps.js';
import { ownRecord } from '../input/own-record.js';

/**
 * Reads the attestations of one image out of an OCI image layout directory
 * (as `cosign save` or `oras`/`skopeo` write it), without trusting anything in
 * it: every blob must hash to its digest, and the attestations found are only
 * candidates for the signature stages.
 *
 * Two ways an attestation is attached:
 * - cosign's: a manifest tagged `sha256-<digest>.att` (or annotated
 *   `kind: dev.cosignproject.cosign/atts` by `cosign save`) whose layers are DSSE
 *   envelopes, with the Rekor bundle and the certificate in layer annotations;
 * - OCI 1.1 referrers: a manifest whose `subject` is the image and whose
 *   layers are Sigstore bundles.
 */

export type LayoutAttestation =
  | { kind: 'cosign'; source: string; envelope: Buffer; certificatePem: string | undefined; rekorBundle: string | undefined }
  | { kind: 'bundle'; source: string; bundle: Buffer };

const DIGEST = /^sha256:[0-9a-f]{64}$/;
const MAX_BLOB_BYTES = FILE_CAPS.ociBlob;
export const DSSE_MEDIA_TYPE = 'application/vnd.dsse.envelope.v1+json';
const COSIGN_ATTS_KIND = 'dev.cosignproject.cosign/atts';
const REF_NAME = 'org.opencontainers.image.ref.name';

export const descriptorSchema = z
  .object({
    mediaType: z.string(),
    digest: z.string().regex(DIGEST, 'not a sha256 digest'),
    size: z.number().int().nonnegative(),
    annotations: ownRecord(z.string()).optional(),
  })
  .loose();
type Descriptor = z.infer<typeof descriptorSchema>;

export const indexSchema = z.object({ schemaVersion: z.literal(2), manifests: z.array(descriptorSchema) }).loose();
export const manifestSchema = z
  .object({ layers: z.array(descriptorSchema).optional(), subject: descriptorSchema.optional() })
  .loose();

export function parseJson<T>(bytes: Buffer, schema: z.ZodType<T>, what: string): T {
  let json: unknown;
  try {
    json = parseUntrustedJson(bytes.toString('utf8'));
  } catch {
    throw new VerifyError('ErrorInvalidFormat', `${what} is not JSON`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new VerifyError('ErrorInvalidFormat', `${what}: ${parsed.error.issues[0]?.message ?? 'bad shape'}`);
  }
  return parsed.data;
}

/** Where a layout's blobs are: a directory on disk, or files already read out of an archive. At most `max` bytes are read. */
type ReadBlob = (hex: string, max: number) => Promise<Buffer>;

const MAX_INDEX_BYTES = FILE_CAPS.ociIndex;

/**
 * A file of a layout directory, never more than `max` bytes of it, through
 * the one bounded reader: a FIFO planted as a blob does not hang the open, and
 * anything but a regular file (a symlink to /dev/zero, a directory) is damage
 * to the layout (ErrorInvalidFormat); a symlink to a regular file is read,
 * since every blob is checked against its digest. A missing file cannot be read.
 */
function readLayoutFile(path: string, max: number): Promise<Buffer> {
  return readBoundedFile(path, { what: 'OCI layout file', maxBytes: max, notRegularCode: 'ErrorInvalidFormat', tooLargeCode: 'ErrorInvalidFormat' });
}

export class OciLayout {
  private constructor(
    readonly dir: string,
    readonly index: z.infer<typeof indexSchema>,
    private readonly readBlob: ReadBlob,
  ) {}

  /** A layout whose files were read out of an archive (`label` names it in errors). */
  static fromFiles(label: string, files: ReadonlyMap<string, Buffer>): OciLayout {
    const index = files.get('index.json');
    if (index === undefined) throw new VerifyError('ErrorInvalidFormat', `${label}: no index.json`);
    return new OciLayout(label, parseJson(index, indexSchema, `${label}/index.json`), (hex) => {
      const bytes = files.get(`blobs/sha256/${hex}`);
      return bytes === undefined ? Promise.reject(Object.assign(new Error('missing'), { code: 'ENOENT' })) : Promise.resolve(bytes);
    });
  }

  static async open(dir: string): Promise<OciLayout> {
    let bytes: Buffer;
    try {
      bytes = await readLayoutFile(join(dir, 'index.json'), MAX_INDEX_BYTES);
    } catch (err) {
      if (err instanceof VerifyError) throw err;
      throw new VerifyError('ErrorUnreadableFile', `OCI layout ${dir}: index.json: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
    }
    return new OciLayout(dir, parseJson(bytes, indexSchema, `${dir}/index.json`), (hex, max) => readLayoutFile(join(dir, 'blobs', 'sha256', hex), max));
  }

  /** A blob, refused unless its content hashes to its digest and has the size its descriptor states. */
  async blob(descriptor: Pick<Descriptor, 'digest' | 'size'>): Promise<Buffer> {
    if (!DIGEST.test(descriptor.digest)) throw new VerifyError('ErrorInvalidFormat', `bad digest ${descriptor.digest}`);
    if (descriptor.size > MAX_BLOB_BYTES) throw new VerifyError('ErrorInvalidFormat', `blob ${descriptor.digest} is larger than ${MAX_BLOB_BYTES} bytes`);
    let bytes: Buffer;
    try {
      bytes = await this.readBlob(descriptor.digest.slice('sha256:'.length), descriptor.size);
    } catch (err) {
      if (err instanceof VerifyError) throw err;
      throw new VerifyError('ErrorUnreadableFile', `OCI layout blob ${descriptor.digest}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
    }
    const actual = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
    if (actual !== descriptor.digest || bytes.length !== descriptor.size) {
      throw new VerifyError('ErrorInvalidFormat', `OCI layout blob ${descriptor.digest} does not match its digest or size`);
    }
    return bytes;
  }

  /**
   * The image `sha256:<digest>` must be in the layout, its manifest intact:
   * whatever the evidence's source, the image named is the one on disk.
   */
  async requireImage(digest: string): Promise<void> {
    const image = `sha256:${digest}`;
    const entries = this.index.manifests.filter((m) => m.digest === image);
    if (entries.length === 0) throw new VerifyError('ErrorImageHash', `the OCI layout ${this.dir} holds no image ${image}`);
    for (const entry of entries) await this.blob(entry);
  }

  /** The attestations attached to the image `sha256:<digest>`, which must be in the layout. */
  async attestations(digest: string): Promise<LayoutAttestation[]> {
    const image = `sha256:${digest}`;
    await this.requireImage(digest);

    const found: LayoutAttestation[] = [];
    for (const m of this.index.manifests) {
      if (m.digest === image) continue;
      const annotations = m.annotations ?? {};
      const cosign = annotations['kind'] === COSIGN_ATTS_KIND || annotations[REF_NAME] === `sha256-${digest}.att`;
      const manifest = parseJson(await this.blob(m), manifestSchema, `manifest ${m.digest}`);
      if (cosign) {
        for (const layer of manifest.layers ?? []) {
          if (layer.mediaType !== DSSE_MEDIA_TYPE) continue;
          found.push({
            kind: 'cosign',
            source: `${m.digest} layer ${layer.digest}`,
            envelope: await this.blob(layer),
            certificatePem: layer.annotations?.['dev.sigstore.cosign/certificate'],
            rekorBundle: layer.annotations?.['dev.sigstore.cosign/bundle'],
          });
        }
      } else if (manifest.subject?.digest === image) {
        for (const layer of manifest.layers ?? []) {
          if (!layer.mediaType.startsWith('application/vnd.dev.sigstore.bundle')) continue;
          found.push({ kind: 'bundle', source: `${m.digest} layer ${layer.digest}`, bundle: await this.blob(layer) });
        }
      }
    }
    return found;
  }
}
