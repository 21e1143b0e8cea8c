/** What --pins did for one package: recorded on first use, matched, changed by --update-pins, or removed. */
export type PinOutcome = 'recorded' | 'matched' | 'updated' | 'removed' | 'mismatch';
