import type { Writable } from 'node:stream';
import type { BundleOutcome } from '../../commands/verify-bundle.js';
import { safeText } from '../../report/escape-text.js';

/** verify-bundle's text: what verified and by whom, then the verdict, on stderr. */
export function renderBundleText({ verified, error }: BundleOutcome, err: Writable): void {
  if (verified && !error) {
    const by = 'key' in verified.signer ? `key ${verified.signer.key}` : `"${verified.signer.san}" (issuer ${verified.signer.issuer})`;
    err.write(safeText`Verified ${verified.content === 'dsse' ? 'DSSE envelope' : 'message signature'} signed by ${by}, log index ${verified.logIndex ?? '?'}\n`);
    err.write('PASSED: bundle verification passed\n');
  } else {
    err.write(safeText`FAILED: bundle verification failed: ${error?.message ?? 'nothing was verified'}\n`);
  }
}
