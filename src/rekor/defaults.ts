/** The public-good Rekor, as slsa-verifier's default; kept import-free so the CLI can show it cheaply. */
export const DEFAULT_REKOR_URL = 'https://rekor.sigstore.dev';
