import { VerifyError } from '../errors/index.js';
import type { PackageResult, PublisherIdentity } from '../lockfile/package-result.js';
import type { Pins } from './pins-file.js';

export function pinKey(result: Pick<PackageResult, 'ecosystem' | 'name'>): string {
  return `${result.ecosystem}:${result.name}`;
}

function same(a: PublisherIdentity, b: PublisherIdentity): boolean {
  return a.repository === b.repository && a.workflow === b.workflow && a.builder === b.builder;
}

/**
 * Trust on first use: a verified package's publisher is recorded the first
 * time; afterwards another publisher, or a package passing without
 * provenance (a downgrade), fails with ErrorPinMismatch unless `update` is
 * set, which re-records (or drops) the pin. Failed packages leave pins alone.
 * Returns whether the pins changed.
 */
export function applyPins(results: PackageResult[], pins: Pins, update: boolean): boolean {
  let changed = false;
  for (const result of results) {
    const key = pinKey(result);
    const pinned = pins.pins[key];
    if (result.status === 'verified' && result.publisher) {
      if (!pinned) {
        pins.pins[key] = result.publisher;
        result.pin = 'recorded';
        changed = true;
      } else if (same(pinned, result.publisher)) {
        result.pin = 'matched';
      } else if (update) {
        pins.pins[key] = result.publisher;
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
        delete pins.pins[key];
        result.pin = 'removed';
        changed = true;
      } else {
        result.status = 'failed';
        result.pin = 'mismatch';
        result.error = new VerifyError('ErrorPinMismatch', `${result.name}: pinned to ${describe(pinned)} but has no verified provenance now (${result.note ?? 'missing'}; --update-pins to accept)`, {
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
