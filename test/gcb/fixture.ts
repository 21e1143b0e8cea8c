import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';

/** A small Cloud Build provenance (v0.1 statement, gcloud JSON) signed by a throwaway key. */
export const DIGEST = createHash('sha256').update('image').digest('hex');
export const REGIONAL_KEY_ID = 'projects/verified-builder/locations/us-central1/keyRings/attestor/cryptoKeys/builtByGCB/cryptoKeyVersions/1';
export const GLOBAL_V01_KEY_ID = 'projects/verified-builder/locations/global/keyRings/attestor/cryptoKeys/provenanceSigner/cryptoKeyVersions/1';
export const BUILDER = 'https://cloudbuild.googleapis.com/GoogleHostedWorker@v0.3';
export const SOURCE = 'github.com/owner/repo';

export function keyPair(): { publicKey: KeyObject; privateKey: KeyObject } {
  return generateKeyPairSync('ec', { namedCurve: 'P-256' });
}

export function statement(digest = DIGEST, tag = 'v1.2.3'): Record<string, unknown> {
  const predicate = {
    builder: { id: BUILDER },
    recipe: {
      type: 'https://cloudbuild.googleapis.com/CloudBuildYaml@v0.1',
      entryPoint: 'cloudbuild.yaml',
      arguments: { '@type': 'type.googleapis.com/google.devtools.cloudbuild.v1.Build', substitutions: { TAG_NAME: tag } },
    },
    metadata: { buildStartedOn: '2024-01-01T00:00:00.123Z', buildFinishedOn: '2024-01-01T00:01:00Z', buildInvocationId: 'x' },
    materials: [{ uri: 'git+https://github.com/owner/repo', digest: { sha1: 'a'.repeat(40) } }],
  };
  return { _type: 'https://in-toto.io/Statement/v0.1', predicateType: 'https://slsa.dev/provenance/v0.1', subject: [{ name: 'img', digest: { sha256: digest } }], predicate };
}

export interface GcloudOptions {
  signed?: Record<string, unknown>;
  /** The human-readable copy; defaults to the signed statement. */
  text?: Record<string, unknown>;
  keyId?: string;
  privateKey: KeyObject;
  digest?: string;
  pae?: boolean;
}

export function gcloudJson(o: GcloudOptions): Buffer {
  const signed = o.signed ?? statement();
  const payload = Buffer.from(JSON.stringify(signed));
  const type = 'application/vnd.in-toto+json';
  const message = o.pae ? Buffer.concat([Buffer.from(`DSSEv1 ${type.length} ${type} ${payload.length} `), payload]) : payload;
  const sig = sign('sha256', message, o.privateKey).toString('base64url');
  const text = o.text ?? signed;
  const digest = o.digest ?? DIGEST;
  const { predicate, ...header } = text;
  return Buffer.from(JSON.stringify({
    image_summary: { digest: `sha256:${digest}`, fully_qualified_digest: `us-docker.pkg.dev/p/r/img@sha256:${digest}`, registry: 'us-docker.pkg.dev', repository: 'r' },
    provenance_summary: {
      provenance: [{
        build: { intotoStatement: { ...header, slsaProvenance: predicate } },
        kind: 'BUILD',
        resourceUri: `https://us-docker.pkg.dev/p/r/img@sha256:${digest}`,
        envelope: { payloadType: type, payload: payload.toString('base64'), signatures: [{ keyid: o.keyId ?? REGIONAL_KEY_ID, sig: `${sig}${'='.repeat((4 - (sig.length % 4)) % 4)}` }] },
      }],
    },
  }));
}
