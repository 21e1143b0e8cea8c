import * as z from 'zod';
import { FILE_CAPS } from '../files/caps.js';
import { readBoundedFile } from '../files/read-bounded.js';
import { VerifyError } from '../errors/index.js';
import type { Evidence } from '../input/evidence.js';
import { parseProvenance } from '../input/read-provenance.js';
import { parsePypiEvidence } from '../pypi/provenance-file.js';
import { attestationToBundle } from '../pypi/to-bundle.js';

/** Which verifier a file is for: it decides the command inspect suggests. */
export type DocumentKind = 'provenance' | 'npm-attestations' | 'pypi-provenance' | 'pypi-attestation';

export interface InspectDocument {
  kind: DocumentKind;
  items: Evidence[];
}

/** The registry's attestations document (`/-/npm/v1/attestations/NAME@VERSION`): only its outer shape. */
const npmDocument = z.object({ attestations: z.array(z.object({ predicateType: z.string(), bundle: z.object({}).loose() }).loose()).min(1) }).loose();

/**
 * Every form inspect may be handed: an npm attestations document, a PEP 740
 * provenance object or bare attestation, or what verify-artifact reads (one
 * bundle, `.intoto.jsonl`, the `.jsonl` of `gh attestation download`). The
 * form is told by top-level keys that only it has; two forms' keys at once
 * are refused.
 */
export async function readInspectDocument(path: string): Promise<InspectDocument> {
  const bytes = await readBoundedFile(path, { what: 'attestation', maxBytes: FILE_CAPS.provenance, tooLargeCode: 'ErrorInvalidFormat' });
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    json = undefined; // JSON Lines, or not JSON at all: parseProvenance says which.
  }
  if (typeof json === 'object' && json !== null && !Array.isArray(json)) {
    const keys = ['attestations', 'attestation_bundles', 'envelope', 'mediaType'].filter((k) => Object.hasOwn(json, k));
    if (keys.length > 1) throw new VerifyError('ErrorInvalidFormat', `${path} has the keys of several attestation forms (${keys.join(', ')})`);
    if (keys[0] === 'attestations') {
      const doc = npmDocument.safeParse(json);
      if (!doc.success) throw new VerifyError('ErrorInvalidFormat', `${path} is not an npm attestations document`);
      return { kind: 'npm-attestations', items: doc.data.attestations.map((a, i): Evidence => ({ kind: 'bundle', line: i + 1, json: a.bundle })) };
    }
    if (keys[0] === 'attestation_bundles' || keys[0] === 'envelope') {
      const provenance = parsePypiEvidence(json);
      const items = provenance.attestation_bundles
        .flatMap((b) => b.attestations)
        .map((a, i): Evidence => ({ kind: 'bundle', line: i + 1, json: attestationToBundle(a) }));
      return { kind: keys[0] === 'envelope' ? 'pypi-attestation' : 'pypi-provenance', items };
    }
  }
  return { kind: 'provenance', items: parseProvenance(bytes) };
}
