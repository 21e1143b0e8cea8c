import { VerifyError } from '../errors/index.js';
import type { PackageResult, PublisherIdentity } from '../lockfile/package-result.js';
import { pinKey } from './pin-key.js';
import { samePublisher, type Pins } from './pins-file.js';

/**
 * Trust on first use: a verified package's publisher is recorded the first
 * time; afterwards another publisher fails with ErrorPinMismatch, and a
 * package passing without provenance (a downgrade) with ErrorPinMismatch
 * (npm) or ErrorEvidenceDowngrade (PyPI), unless `update` is
 * set, which re-records (or drops) the pin. Failed packages leave pins alone.
 * Packages are keyed by canonical name (pinKey): `Hello_Py` meets the pin of
 * `hello-py`. Returns whether the pins changed.
 */
export function applyPins(results: PackageResult[], pins: Pins, update: boolean): boolean {
  let changed = false;
  for (const result of results) {
    const key = pinKey(result.ecosystem, result.name);
    const pinned = pins.pins.get(key);
    if (result.status === 'verified' && result.publisher) {
      if (!pinned) {
        pins.pins.set(key, result.publisher);
        result.pin = 'recorded';
        changed = true;
      } else if (samePublisher(pinned, result.publisher)) {
        result.pin = 'matched';
      } else if (update) {
        pins.pins.set(key, result.publisher);
        result.pin = 'updated';
        changed = true;
      } else {
        result.status = 'failed';
        result.pin = 'mismatch';
        result.error = new VerifyError('ErrorPinMismatch', `${result.name}: published by ${describe(result.publisher)}, pinned to ${describe(pinned)} (--update-pins to accept)`, {
          expected: describe(pinned),
          actual: describe(result.publisher),
        });
      }
    } else if ((result.status === 'allowed' || result.status === 'warned') && pinned) {
      if (update) {
        pins.pins.delete(key);
        result.pin = 'removed';
        changed = true;
      } else {
        result.status = 'failed';
        result.pin = 'mismatch';
        // PyPI provenance only ever comes from a Trusted Publisher: a pinned project without it now is a downgrade (a stolen upload token's mark).
        const code = result.ecosystem === 'pypi' ? 'ErrorEvidenceDowngrade' : 'ErrorPinMismatch';
        result.error = new VerifyError(code, `${result.name}: pinned to ${describe(pinned)} but has no verified provenance now (${result.note ?? 'missing'}; --update-pins to accept)`, {
          expected: describe(pinned),
        });
        result.note = undefined;
      }
    }
  }
  return changed;
}

function describe(p: PublisherIdentity): string {
  return `${p.repository} ${p.workflow} (${p.builder})`;
}
