import type { Command } from 'commander';
import type { VsaEmitOptions, VsaEmitter } from '../vsa-emit/emitter.js';

/** --emit-vsa and its companions, shared by the commands that can summarise a verification. */
export type EmitVsaFlags = VsaEmitOptions;

export function addEmitVsaFlags(cmd: Command): Command {
  return cmd
    .option('--emit-vsa <file>', '[optional] after a PASSED verification, write a SLSA VSA v1 for it here (never on failure)')
    .option('--vsa-key <pem>', '[optional] with --emit-vsa: PEM private key (ECDSA, RSA, Ed25519) signing the VSA as a DSSE envelope')
    .option('--vsa-key-id <id>', "[optional] with --vsa-key: the envelope's key id (default: the key's SSH SHA256 fingerprint)")
    .option('--vsa-verifier-id <id>', '[optional] with --emit-vsa: verifier.id (default https://github.com/slsa-verify/slsa-verify)')
    .option('--vsa-resource-uri <uri>', '[optional] with --emit-vsa: resourceUri instead of the default (artifact path, image reference, purl)');
}

/** Whether any VSA flag was given: only then is the emitter (and its crypto) loaded. */
export function wantsVsa(flags: EmitVsaFlags): boolean {
  return [flags.emitVsa, flags.vsaKey, flags.vsaKeyId, flags.vsaVerifierId, flags.vsaResourceUri].some((v) => v !== undefined);
}

/** The emitter for these flags, loaded only when a VSA flag was given; throws a usage VerifyError on bad flags or key. */
export async function emitterFor(flags: EmitVsaFlags): Promise<VsaEmitter | undefined> {
  return wantsVsa(flags) ? (await import('../vsa-emit/emitter.js')).prepareVsaEmitter(flags) : undefined;
}
