import * as z from 'zod';
import { VerifyError } from '../errors/index.js';
import { goDecode } from './go-decode.js';
import { GCLOUD_PROVENANCE } from './types.js';
import { parseUntrustedJson } from '../files/untrusted-json.js';

/**
 * The output of `gcloud artifacts docker images describe IMAGE --show-provenance
 * --format json`, decoded as slsa-verifier's gcb.ProvenanceFromBytes does.
 */

const signatureSchema = z.object({ keyid: z.string(), sig: z.string() });
const entrySchema = z.object({
  build: z.object({ intotoStatement: z.unknown(), inTotoSlsaProvenanceV1: z.unknown() }),
  kind: z.string(),
  resourceUri: z.string(),
  envelope: z.object({ payloadType: z.string(), payload: z.string(), signatures: z.array(signatureSchema).nullable() }),
});
const fileSchema = z.object({
  image_summary: z.object({ digest: z.string(), fully_qualified_digest: z.string() }).loose(),
  provenance_summary: z.object({ provenance: z.array(entrySchema).nullable() }),
});

export type GcloudProvenance = z.infer<typeof fileSchema>;
export type GcloudEntry = z.infer<typeof entrySchema>;
export type GcloudSignature = z.infer<typeof signatureSchema>;

export function parseGcloudProvenance(bytes: Uint8Array): GcloudProvenance {
  let json: unknown;
  try {
    json = parseUntrustedJson(new TextDecoder().decode(bytes));
  } catch {
    throw new VerifyError('ErrorInvalidDssePayload', 'provenance is not JSON');
  }
  const decoded = goDecode(json, GCLOUD_PROVENANCE);
  const parsed = fileSchema.safeParse(decoded);
  if (!parsed.success) throw new VerifyError('ErrorInvalidDssePayload', 'unexpected gcloud provenance shape');
  return parsed.data;
}
