/**
 * Go's base64.StdEncoding / URLEncoding DecodeString: padding required, line
 * breaks skipped, any other byte outside the alphabet an error. Node's own
 * decoder silently skips bad characters, which would accept what Go rejects.
 */
export function goBase64Decode(text: string, alphabet: 'std' | 'url'): Buffer | undefined {
  const cleaned = text.replace(/[\r\n]/g, '');
  const shape = alphabet === 'std' ? /^[A-Za-z0-9+/]*={0,2}$/ : /^[A-Za-z0-9_-]*={0,2}$/;
  if (!shape.test(cleaned) || cleaned.length % 4 !== 0) return undefined;
  return Buffer.from(cleaned, alphabet === 'std' ? 'base64' : 'base64url');
}

/** slsa-verifier's DecodeSignature and DSSE's b64Decode: standard alphabet first, then URL-safe. */
export function goBase64DecodeEither(text: string): Buffer | undefined {
  return goBase64Decode(text, 'std') ?? goBase64Decode(text, 'url');
}
