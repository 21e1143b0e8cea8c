import { fileArtifact } from '../bundle-verify/artifact-input.js';
import type { ExpectedIdentity } from '../bundle-verify/identity.js';
import { readRegularFile } from '../bundle-verify/read-regular-file.js';
import { readBundleFile, verifySigstoreBundle } from '../bundle-verify/verify-sigstore-bundle.js';
import { VerifyError } from '../errors/index.js';
import { loadTrustRoot } from '../sigstore/trusted-root.js';
import { parseVsaPublicKey } from '../vsa/public-key.js';
import { isMinisignPublicKey, parseMinisignPublicKey, verifyMinisign } from './minisign.js';
import { verifies } from './verify-key-signature.js';

/**
 * How a custom builder signed its provenance.json (an in-toto statement as
 * plain JSON) when the signature is not inside the file:
 * - `bundle`: `cosign sign-blob --bundle`, a Sigstore message signature over the file's bytes;
 * - `detached`: `openssl dgst -sha256 -sign` (ECDSA or RSA, raw or base64) with a PEM key,
 *   or a `.minisig` with a minisign public key.
 */
export type StatementSignature =
  | { kind: 'bundle'; bundlePath: string; identity: ExpectedIdentity; trustedRootPath: string | undefined }
  | { kind: 'detached'; signaturePath: string; publicKeyPath: string };

export interface VerifiedStatementFile {
  /** The statement file's bytes, exactly as signed. */
  bytes: Buffer;
  /** Who signed, for reports: a key fingerprint, a minisign key id, or the certificate identity. */
  signer: string;
  evidence: 'key' | 'certificate';
}

/** Statements and signatures are kilobytes; the cap keeps a hostile file from exhausting memory. */
const MAX_FILE_BYTES = 16 * 1024 * 1024;

const readBounded = (path: string, what: string): Promise<Buffer> => readRegularFile(path, what, MAX_FILE_BYTES);

/** Verifies the signature over the statement file's bytes; nothing is read from the statement before it holds. */
export async function verifyStatementFile(provenancePath: string, signature: StatementSignature): Promise<VerifiedStatementFile> {
  const bytes = await readBounded(provenancePath, 'provenance');
  if (signature.kind === 'bundle') {
    const trust = loadTrustRoot(signature.trustedRootPath);
    const bundle = await readBundleFile(signature.bundlePath);
    if (bundle.content.$case !== 'messageSignature') {
      throw new VerifyError('ErrorInvalidFormat', '--signature-bundle takes a message-signature bundle (cosign sign-blob --bundle); a DSSE bundle goes in --provenance-path');
    }
    const verified = verifySigstoreBundle(bundle, fileArtifact(provenancePath, bytes), { kind: 'identity', identity: signature.identity }, trust);
    const who = 'san' in verified.signer ? `${verified.signer.san} (issuer ${verified.signer.issuer})` : verified.signer.key;
    return { bytes, signer: who, evidence: 'certificate' };
  }
  const keyText = (await readBounded(signature.publicKeyPath, 'public key')).toString('utf8');
  const sigBytes = await readBounded(signature.signaturePath, 'signature');
  if (isMinisignPublicKey(keyText)) {
    const key = parseMinisignPublicKey(keyText);
    verifyMinisign(bytes, sigBytes.toString('utf8'), key);
    return { bytes, signer: `minisign key ${key.keyId}`, evidence: 'key' };
  }
  const key = parseVsaPublicKey(keyText);
  // openssl writes the signature raw; cosign sign-blob --key and many CI scripts write it base64.
  const text = sigBytes.toString('latin1').trim();
  const decoded = /^[A-Za-z0-9+/]+={0,2}$/.test(text) ? Buffer.from(text, 'base64') : undefined;
  if (!verifies(key, bytes, sigBytes) && !(decoded && decoded.length > 0 && verifies(key, bytes, decoded))) {
    throw new VerifyError('ErrorNoValidSignature', `the signature does not verify the provenance with key ${key.fingerprint}`, { expected: key.fingerprint });
  }
  return { bytes, signer: key.fingerprint, evidence: 'key' };
}
