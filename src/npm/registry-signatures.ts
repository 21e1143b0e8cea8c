import { createVerify } from 'node:crypto';
import { VerifyError } from '../errors/index.js';
import type { RegistryKeys } from './registry-keys.js';

/**
 * The registry's ECDSA signatures over `NAME@VERSION:INTEGRITY` (the
 * version's `dist.signatures`), checked as `npm audit signatures` does: every
 * signature must name a known "npm:signatures" key valid at the publish
 * time, and verify. Returns the key ids that signed.
 */
export function verifyRegistrySignatures(
  name: string,
  version: string,
  integrity: string,
  signatures: readonly { keyid: string; sig: string }[],
  keys: RegistryKeys,
  publishedAt: Date,
): string[] {
  if (signatures.length === 0) throw new VerifyError('ErrorNoValidSignature', `${name}@${version}: the registry document has no dist.signatures`);
  const message = `${name}@${version}:${integrity}`;
  const signed: string[] = [];
  for (const { keyid, sig } of signatures) {
    const key = keys.findSignatureKey(keyid);
    if (!key) throw new VerifyError('ErrorInvalidPublicKey', `${name}@${version}: signed by key "${keyid.slice(0, 80)}", which is not an npm:signatures key of ${keys.origin}`, { actual: keyid });
    if (!key.validFor(publishedAt)) throw new VerifyError('ErrorInvalidPublicKey', `${name}@${version}: key ${keyid} was not valid at ${publishedAt.toISOString()}`);
    const ok = createVerify('SHA256').update(message).verify(key.publicKey, Buffer.from(sig, 'base64'));
    if (!ok) throw new VerifyError('ErrorInvalidSignature', `${name}@${version}: the registry signature by ${keyid} does not verify over ${name}@${version}:${integrity.slice(0, 20)}...`);
    signed.push(keyid);
  }
  return signed;
}
