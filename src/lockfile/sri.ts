import { VerifyError } from '../errors/index.js';

/**
 * The sha512 digests (hex) of an SRI `integrity` string. npm writes one
 * `sha512-<base64>`; several entries are alternatives. Weaker algorithms
 * (sha1 of old lockfiles) are not trusted: with no sha512 entry, fail.
 */
export function sriSha512(integrity: string, origin: string): string[] {
  const out: string[] = [];
  for (const token of integrity.trim().split(/\s+/)) {
    const match = /^sha512-([A-Za-z0-9+/]+={0,2})(?:\?.*)?$/.exec(token);
    if (!match) continue;
    const bytes = Buffer.from(match[1]!, 'base64');
    if (bytes.length !== 64) throw new VerifyError('ErrorInvalidHash', `${origin}: integrity ${token.slice(0, 20)}... is not a sha512 digest`);
    out.push(bytes.toString('hex'));
  }
  if (out.length === 0) throw new VerifyError('ErrorInvalidHash', `${origin}: integrity has no sha512 digest (${integrity.slice(0, 20)}...)`);
  return out;
}
