import { VerifyError } from '../errors/index.js';

/**
 * --public-key proves who signed, not which builder ran: --builder-id is then
 * required (matched exactly). No log is involved, so there is no bundle to save.
 */
export function checkKeyedFlags(flags: { publicKey?: string | undefined; builderId?: string | undefined; saveBundle?: string | undefined }): string {
  if (flags.publicKey === undefined) throw new VerifyError('ErrorUsage', '--public-key-id requires --public-key');
  if (flags.builderId === undefined || flags.builderId === '') {
    throw new VerifyError('ErrorUsage', '--public-key requires --builder-id (the builder.id the key-signed provenance must name)');
  }
  if (flags.saveBundle !== undefined) throw new VerifyError('ErrorUsage', '--save-bundle cannot be used with --public-key (no log entry is looked up)');
  return flags.builderId;
}
