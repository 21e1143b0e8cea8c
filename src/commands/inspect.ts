import { readInspectDocument, type DocumentKind } from '../inspect/read-document.js';
import { readUnverified, type UnverifiedAttestation } from '../inspect/read-attestation.js';
import { suggestCommand } from '../inspect/suggest-flags.js';
import type { InspectReport } from '../report/schema.js';
import type { InspectRequest } from './requests.js';

export const UNVERIFIED_WARNING = 'UNVERIFIED: nothing below has been checked; it is what the file claims';

/**
 * What each line of an attestation file claims, UNVERIFIED. Throws a
 * VerifyError when the file cannot be read as attestations at all.
 */
export async function readInspection(request: InspectRequest): Promise<{ kind: DocumentKind; items: UnverifiedAttestation[] }> {
  const document = await readInspectDocument(request.path);
  return { kind: document.kind, items: document.items.map(readUnverified) };
}

/** JSON: `verified: false` at the top and on every attestation; no verdict field a script could read as PASSED. */
export function inspectReport(path: string, items: readonly UnverifiedAttestation[], kind: DocumentKind): InspectReport {
  return {
    schemaVersion: 1,
    command: 'inspect',
    verified: false,
    warning: UNVERIFIED_WARNING,
    path,
    document: kind,
    attestations: items.map((a) => ({ verified: false, ...a, suggestedCommand: suggestCommand(a, path, kind) ?? null })),
  };
}

/** inspect: shows what an attestation claims and the verify-artifact flags that would check it; verifies nothing. */
export async function inspect(request: InspectRequest): Promise<InspectReport> {
  const { kind, items } = await readInspection(request);
  return inspectReport(request.path, items, kind);
}

export type { InspectRequest };
