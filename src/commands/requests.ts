import type { Progress, ProgressPhase } from '../lockfile/report.js';

/**
 * The requests of the library API. Plain types only (no zod, no Sigstore
 * types): these and src/report/report-types.ts are what the shipped
 * declarations are made of.
 */

/**
 * Whether a command may open a socket (Rekor for a bare DSSE envelope, an OCI
 * registry). The library default is 'never': evidence that needs a lookup then
 * fails closed, as with the CLI's --offline.
 */
export type Network = 'never' | 'allowed';

/** Sigstore trust material as loadTrustedRoot() returns it: parse once, pass to every call. Opaque. */
export interface TrustedRoot {
  /** Where the material came from (a path, or the embedded public-good root). */
  readonly origin: string;
  readonly material: object;
}

/** A loaded TrustedRoot, or the path of a trusted_root.json. Default: the embedded public-good root. */
export type TrustedRootInput = TrustedRoot | string;

/** What the provenance must say, spelled as slsa-verifier's flags (--source-uri, --builder-id, ...). */
export interface SourceExpectations {
  sourceUri: string;
  sourceBranch?: string | undefined;
  sourceTag?: string | undefined;
  sourceVersionedTag?: string | undefined;
  /** Without it, slsa-verifier's default trusted builders. */
  builderId?: string | undefined;
  /** --build-workflow-input key=value pairs. */
  workflowInputs?: Record<string, string> | undefined;
}

/** A Rekor entry a lookup used. */
export interface LogEntryInfo {
  logIndex: string;
  uuid: string;
  url: string;
}

export interface VerifyArtifactRequest extends SourceExpectations {
  /** Files to hash, or digests given as sha256:<hex> / sha512:<hex>. */
  artifacts: string[];
  /** sha256sum / sha512sum files naming more artifacts by digest. */
  checksums?: string[] | undefined;
  /** A Sigstore bundle or .intoto.jsonl. */
  provenancePath: string;
  /** A YAML/JSON policy enforced after the slsa-verifier checks; the expectations may only narrow it. */
  policyPath?: string | undefined;
  trustedRoot?: TrustedRootInput | undefined;
  /** Include each verified statement in the report (`statement.payload`). */
  printProvenance?: boolean | undefined;
  /** A PEM key that signed the provenance instead of Sigstore (custom builders); needs builderId. */
  publicKey?: string | undefined;
  publicKeyId?: string | undefined;
  /** With publicKey: a detached signature over the provenance file (openssl dgst -sign, or minisign .minisig). */
  signature?: string | undefined;
  /** A Sigstore bundle whose message signature is over the provenance file (cosign sign-blob --bundle); needs builderId and an identity. */
  signatureBundle?: string | undefined;
  certificateIdentity?: string | undefined;
  certificateIdentityRegexp?: string | undefined;
  certificateOidcIssuer?: string | undefined;
  /** Custom builders: dependencies (files or digests) the provenance must list. */
  material?: string[] | undefined;
  /** 'allowed': a bare DSSE envelope is looked up in Rekor. Default 'never'. */
  network?: Network | undefined;
  rekorUrl?: string | undefined;
  /** After a Rekor lookup, write the verified Sigstore bundle here. */
  saveBundle?: string | undefined;
  /** slsa-verifier's SLSA_VERIFIER_TESTING relaxations (src/checks/env.ts). */
  testing?: boolean | undefined;
  /** Told about each Rekor entry a lookup used, as it is used. */
  onLogEntry?: ((entry: LogEntryInfo) => void) | undefined;
}

export interface VerifyGithubAttestationRequest extends SourceExpectations {
  /** Files to hash, or digests given as sha256:<hex> / sha512:<hex>. */
  artifacts: string[];
  /** The bundle or .jsonl from `gh attestation download`. */
  attestationPath: string;
  trustedRoot?: TrustedRootInput | undefined;
  /** Include each verified statement in the report (`statement.payload`). */
  printAttestation?: boolean | undefined;
  testing?: boolean | undefined;
}

export interface VerifyImageRequest extends SourceExpectations {
  /** NAME@sha256:..., oci-layout:DIR@sha256:... or docker-archive:FILE@sha256:... */
  image: string;
  /** A Sigstore bundle / .intoto.jsonl, or gcloud --show-provenance JSON for Cloud Build. */
  provenancePath?: string | undefined;
  trustedRoot?: TrustedRootInput | undefined;
  /** Public keys not shipped with this tool (Google Cloud Build's attestor keys). */
  trustConfigPath?: string | undefined;
  printProvenance?: boolean | undefined;
  testing?: boolean | undefined;
  /** 'allowed': attestations may be read from the image's registry. Default 'never'. */
  network?: Network | undefined;
  /** Where registry attestations are looked for instead of the image's repository. */
  provenanceRepository?: string | undefined;
}

export interface VerifyNpmPackageRequest extends SourceExpectations {
  /** The package tarball (.tgz); with `integrity`, a label only (the CLI passes NAME@VERSION). */
  tarball: string;
  /**
   * Instead of a tarball: the SRI integrity (`sha512-...`) of
   * packageName@packageVersion. It is the subject digest, and must be the
   * registry's `dist.integrity` for that version (needs network 'allowed').
   */
  integrity?: string | undefined;
  /** The npm registry's attestations document (JSON); without it they are fetched from the package's registry (needs network 'allowed'). */
  attestationsPath?: string | undefined;
  /** 'allowed': the attestations may be fetched from the registry. Default 'never'. */
  network?: Network | undefined;
  /** Told, before anything is fetched, what is fetched from where. */
  announce?: ((line: string) => void) | undefined;
  packageName: string;
  packageVersion: string;
  /** Required, as in slsa-verifier: npm CLI provenance can only be matched against a named builder. */
  builderId: string | undefined;
  trustedRoot?: TrustedRootInput | undefined;
  /** Default: the registry keys embedded in @sigstore/tuf's seeds. */
  registryKeysPath?: string | undefined;
  printProvenance?: boolean | undefined;
  testing?: boolean | undefined;
}

export interface VerifyPypiRequest {
  /** A wheel or sdist, or a directory of them each with FILE.provenance beside it. */
  input: string;
  /** The distribution's PEP 740 provenance object (PyPI integrity API JSON); without it (a file, network 'allowed') it is fetched from the index. */
  provenancePath?: string | undefined;
  /** 'allowed': a file's provenance may be fetched from the index. Default 'never'. */
  network?: Network | undefined;
  /** The Simple API base, as pip's --index-url (default https://pypi.org/simple/); credentials in it go to its origin only. */
  indexUrl?: string | undefined;
  /** Told, before anything is fetched, what is fetched from where. */
  announce?: ((line: string) => void) | undefined;
  /** Exactly one of repository (https://github.com/OWNER/REPO, https://gitlab.com/NAMESPACE/PROJECT) and serviceAccount. */
  repository?: string | undefined;
  serviceAccount?: string | undefined;
  workflow?: string | undefined;
  environment?: string | undefined;
  trustedRoot?: TrustedRootInput | undefined;
}

/** What a VSA must say. */
export interface VsaExpectations {
  /** type:value digests the VSA subjects must contain. */
  subjectDigests: string[];
  verifierId: string;
  resourceUri: string;
  /** Levels the VSA must attest, e.g. SLSA_BUILD_LEVEL_2. */
  verifiedLevels: string[];
}

export interface VerifyVsaRequest {
  attestationPath: string;
  publicKeyPath: string;
  /** undefined or "": the key's SSH SHA256 fingerprint, as slsa-verifier. */
  publicKeyId: string | undefined;
  policy: VsaExpectations;
  /** Include the verified statement in the report (`vsa.payload`). */
  printAttestation?: boolean | undefined;
}

export interface VerifyBundleRequest {
  /** The artifact, or its digest as sha256:<hex>. */
  artifact: string;
  bundlePath: string;
  /** The exact URI or email SAN of the signing certificate, with its OIDC issuer; or keyPath. */
  certificateIdentity?: string | undefined;
  certificateOidcIssuer?: string | undefined;
  /** PEM public key of a key-signed bundle. */
  keyPath?: string | undefined;
  trustedRoot?: TrustedRootInput | undefined;
  /** Sigstore staging: needs trustedRoot (no staging root is embedded). */
  staging?: boolean | undefined;
}

/** attestation verify: `gh attestation verify ARTIFACT --bundle FILE`, offline, with gh's flags. */
export interface AttestationVerifyRequest {
  /** The artifact file, or its digest as sha256:<hex>. */
  artifact: string;
  /** A Sigstore bundle, or the `.jsonl` that `gh attestation download` writes. */
  bundlePath: string;
  /** Exactly one of owner ("OWNER") and repo ("OWNER/REPO"). */
  owner?: string | undefined;
  repo?: string | undefined;
  /** At most one of these four names the signer (default: a workflow of the owner or repository). */
  certIdentity?: string | undefined;
  certIdentityRegex?: string | undefined;
  signerRepo?: string | undefined;
  signerWorkflow?: string | undefined;
  signerDigest?: string | undefined;
  sourceRef?: string | undefined;
  sourceDigest?: string | undefined;
  /** Default https://token.actions.githubusercontent.com. */
  certOidcIssuer?: string | undefined;
  /** Default https://slsa.dev/provenance/v1. */
  predicateType?: string | undefined;
  denySelfHostedRunners?: boolean | undefined;
  /** The most attestations the file may hold (1-1000, default 30). */
  limit?: number | undefined;
  /** gh's --custom-trusted-root: a trusted_root.json or a `.jsonl` of roots; or a loaded root. Default: the embedded public-good root. */
  customTrustedRoot?: TrustedRootInput | undefined;
}

export interface VerifyLockfileRequest {
  /** package-lock.json (v2/v3), requirements.txt with --hash pins, or pylock.toml. */
  lockfile: string;
  /** The tarballs / distributions, each with its attestations beside it; undefined: verified by the lockfile's digests from the registry's evidence. */
  artifactsDir?: string | undefined;
  /** 'allowed': evidence may be fetched from the registries. Default 'never' (then artifactsDir or evidenceDir). */
  network?: Network | undefined;
  /** Stores every fetched document (with network), or is the only source (without). */
  evidenceDir?: string | undefined;
  /** Told, before anything is fetched, what will be fetched from where (one line). */
  announce?: ((line: string) => void) | undefined;
  policyPath?: string | undefined;
  /** Publisher pins (trust on first use); created when absent. */
  pinsPath?: string | undefined;
  /** Accept changed or removed publishers and rewrite the pins. */
  updatePins?: boolean | undefined;
  /** A path: large trees are judged by worker threads, each loading the root itself. */
  trustedRootPath?: string | undefined;
  registryKeysPath?: string | undefined;
  testing?: boolean | undefined;
  /** Told the package count once the lockfile is read, for each phase (fetching the evidence, then verifying). */
  progress?: ((total: number, phase: ProgressPhase) => Progress) | undefined;
}

export interface InspectRequest {
  /** A Sigstore bundle or .intoto.jsonl. */
  path: string;
}

export interface PolicyExplainRequest {
  /** The policy (YAML or JSON). */
  path: string;
}

export type { Progress };
