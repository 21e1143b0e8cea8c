import { anchoredIdentityPattern, type ExpectedIdentity } from '../bundle-verify/identity.js';
import { VerifyError } from '../errors/index.js';
import type { StatementSignature } from './statement-signature.js';

/** verify-artifact's flags for provenance signed without a Sigstore DSSE bundle (custom builders). */
export interface KeyedFlags {
  publicKey?: string | undefined;
  publicKeyId?: string | undefined;
  builderId?: string | undefined;
  saveBundle?: string | undefined;
  trustedRoot?: string | undefined;
  /** A detached signature over the provenance file (openssl dgst -sign, or a .minisig). */
  signature?: string | undefined;
  /** A Sigstore message-signature bundle over the provenance file (cosign sign-blob --bundle). */
  signatureBundle?: string | undefined;
  certificateIdentity?: string | undefined;
  certificateIdentityRegexp?: string | undefined;
  certificateOidcIssuer?: string | undefined;
  material?: string[] | undefined;
}

export interface KeyedMode {
  builderId: string;
  statementSignature: StatementSignature | undefined;
}

/** Whether any flag of the custom-builder path was given (then the Sigstore-builder path does not run). */
export function isKeyedMode(flags: KeyedFlags): boolean {
  return [flags.publicKey, flags.publicKeyId, flags.signature, flags.signatureBundle, flags.certificateIdentity, flags.certificateIdentityRegexp, flags.certificateOidcIssuer].some(
    (v) => v !== undefined,
  ) || (flags.material ?? []).length > 0;
}

/**
 * A key or a signature proves who signed, not which builder ran: --builder-id
 * is then required (matched exactly). Exactly one way to verify the signature:
 * --public-key (DSSE lines), --signature with --public-key (the file's bytes),
 * or --signature-bundle with one identity flag and the issuer.
 */
export function checkKeyedFlags(flags: KeyedFlags): KeyedMode {
  const identityFlags = flags.certificateIdentity !== undefined || flags.certificateIdentityRegexp !== undefined || flags.certificateOidcIssuer !== undefined;
  if (flags.signatureBundle === undefined && identityFlags) {
    throw new VerifyError('ErrorUsage', '--certificate-identity, --certificate-identity-regexp and --certificate-oidc-issuer go with --signature-bundle');
  }
  if (flags.signatureBundle !== undefined && (flags.publicKey !== undefined || flags.signature !== undefined || flags.publicKeyId !== undefined)) {
    throw new VerifyError('ErrorUsage', '--signature-bundle cannot be combined with --public-key, --public-key-id or --signature');
  }
  if (flags.signatureBundle === undefined && flags.publicKey === undefined) {
    throw new VerifyError('ErrorUsage', flags.signature !== undefined ? '--signature requires --public-key' : flags.publicKeyId !== undefined ? '--public-key-id requires --public-key' : '--material goes with --public-key or --signature-bundle (custom builders)');
  }
  if (flags.signature !== undefined && flags.publicKeyId !== undefined) throw new VerifyError('ErrorUsage', '--public-key-id selects a DSSE signature; a detached --signature has none');
  if (flags.builderId === undefined || flags.builderId === '') {
    throw new VerifyError('ErrorUsage', `${flags.signatureBundle !== undefined ? '--signature-bundle' : '--public-key'} requires --builder-id (the builder.id the provenance must name)`);
  }
  if (flags.saveBundle !== undefined) throw new VerifyError('ErrorUsage', '--save-bundle cannot be used with --public-key or --signature-bundle (no log entry is looked up)');
  if (flags.signatureBundle !== undefined) {
    return { builderId: flags.builderId, statementSignature: { kind: 'bundle', bundlePath: flags.signatureBundle, identity: expectedIdentity(flags), trustedRootPath: flags.trustedRoot } };
  }
  if (flags.signature !== undefined) {
    return { builderId: flags.builderId, statementSignature: { kind: 'detached', signaturePath: flags.signature, publicKeyPath: flags.publicKey! } };
  }
  return { builderId: flags.builderId, statementSignature: undefined };
}

function expectedIdentity(flags: KeyedFlags): ExpectedIdentity {
  if ((flags.certificateIdentity === undefined) === (flags.certificateIdentityRegexp === undefined)) {
    throw new VerifyError('ErrorUsage', '--signature-bundle needs exactly one of --certificate-identity and --certificate-identity-regexp');
  }
  if (flags.certificateOidcIssuer === undefined || flags.certificateOidcIssuer === '') {
    throw new VerifyError('ErrorUsage', '--signature-bundle needs --certificate-oidc-issuer');
  }
  if (flags.certificateIdentity !== undefined) {
    if (flags.certificateIdentity === '') throw new VerifyError('ErrorUsage', '--certificate-identity may not be empty');
    return { san: flags.certificateIdentity, issuer: flags.certificateOidcIssuer };
  }
  return { sanPattern: anchoredIdentityPattern(flags.certificateIdentityRegexp!), issuer: flags.certificateOidcIssuer };
}
